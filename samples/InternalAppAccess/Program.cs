using Apono.Integration.Sdk.Hosting;
using InternalAppAccess;

return await AponoLambdaHost.RunAsync<InternalAppAccessFunction>(args);
