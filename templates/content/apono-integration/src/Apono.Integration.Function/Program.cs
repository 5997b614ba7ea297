using Apono.Integration.Function;
using Apono.Integration.Sdk.Hosting;

// Under Lambda this serves the Runtime API; on a laptop it is a command line: invoke, events, check (try --help).
return await AponoLambdaHost.RunAsync<IntegrationFunction>(args);
