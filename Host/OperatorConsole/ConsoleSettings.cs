namespace Allocation.Host.OperatorConsole;

/// <summary><c>Allocation:Console</c>: the operator console at <c>/console</c>.</summary>
internal sealed class ConsoleSettings
{
    public const string SectionName = "Allocation:Console";

    /// <summary>Whether <c>/console</c> is served. Default <see langword="true"/>: it reads and acts through the API, under the API's own credentials.</summary>
    public bool Enabled { get; set; } = true;
}
