using Apono.Integration.Sdk.Hosting;
using PostgresAccess;

return await AponoLambdaHost.RunAsync<PostgresAccessFunction>(args);
