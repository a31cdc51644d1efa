return await QuoteFunction.Hosting.EntryPoint.StartAsync(typeof(Program).Assembly, args);
