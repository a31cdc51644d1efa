namespace QuoteFunction.Hosting;

/// <summary>
/// Names a <see cref="FunctionsStartup"/> class that the host applies, in the shape of the
/// Functions Framework's attribute of the same name. Startups run in <see cref="Order"/>, then
/// by type name.
/// </summary>
/// <param name="startupType">A non-abstract type derived from <see cref="FunctionsStartup"/>.</param>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class, AllowMultiple = true)]
public sealed class FunctionsStartupAttribute(Type startupType) : Attribute
{
    /// <summary>The startup class to apply.</summary>
    public Type StartupType { get; } = startupType;

    /// <summary>Where this startup runs among others; lower runs first. Default 0.</summary>
    public int Order { get; init; }
}
