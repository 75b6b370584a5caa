using System.Text;

namespace Allocation.Host.Import;

/// <summary>One physical line of a CSV body: its number (the header is line 1), its text without the line break, or that it was too long.</summary>
internal readonly record struct CsvLine(long Number, string Text, bool TooLong);

/// <summary>
/// Reads a CSV body one physical line at a time, in bounded memory: a line is kept up to
/// <see cref="MaxLength"/> characters, and the rest of a longer one is skipped, not stored. A batch
/// row never needs a line break inside a field (no field may hold one), so a row is a line, and a
/// malformed row, an unclosed quote included, can never run on into the rows after it.
/// </summary>
internal sealed class CsvLineReader(TextReader text)
{
    /// <summary>The longest line kept, in characters: far above any sound row (four fields of at most 255 characters).</summary>
    public const int MaxLength = 4096;

    private readonly char[] _buffer = new char[16 * 1024];
    private readonly StringBuilder _line = new();
    private int _start;
    private int _end;
    private long _number;

    /// <summary>The next line, or <see langword="null"/> at the end of the body.</summary>
    public async ValueTask<CsvLine?> ReadAsync(CancellationToken cancellationToken)
    {
        _line.Clear();
        var tooLong = false;
        var started = false;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await text.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (_end == 0)
                {
                    return started ? Finish(tooLong) : null;
                }
            }

            started = true;
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf('\n');
            var part = newline < 0 ? available : available[..newline];
            if (!tooLong && _line.Length + part.Length > MaxLength + 1) // + 1: a '\r' before the '\n'
            {
                tooLong = true;
                _line.Clear();
            }

            if (!tooLong)
            {
                _line.Append(part);
            }

            if (newline >= 0)
            {
                _start += newline + 1;
                return Finish(tooLong);
            }

            _start = _end;
        }
    }

    private CsvLine Finish(bool tooLong)
    {
        if (_line.Length > 0 && _line[^1] == '\r')
        {
            _line.Length--;
        }

        return new CsvLine(++_number, tooLong ? "" : _line.ToString(), tooLong);
    }
}
