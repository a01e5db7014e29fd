using Lianbo.Web;

return await LianboWebApp.RunAsync(args);

// Visible to WebApplicationFactory in the tests.
public partial class Program;
