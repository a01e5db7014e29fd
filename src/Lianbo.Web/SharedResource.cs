namespace Lianbo.Web;

/// <summary>Marker for the page texts in Resources/SharedResource(.zh-Hans).resx.</summary>
public sealed class SharedResource;
