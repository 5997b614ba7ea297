using Apono.Integration.Sdk.Hosting;
using QuickStart;

return await AponoLambdaHost.RunAsync<QuickStartFunction>(args);
