namespace TelegramAI.Worker.Downloads;

/// <summary>The last lines of a process's output: enough to explain a failure, bounded whatever it prints.</summary>
internal sealed class LineTail(int capacity)
{
    private const int MaxLineLength = 2000;
    private readonly Queue<string> _lines = new(capacity);

    public IReadOnlyCollection<string> Lines => _lines;

    public void Add(string line)
    {
        if (_lines.Count == capacity)
            _lines.Dequeue();
        _lines.Enqueue(line.Length > MaxLineLength ? line[..MaxLineLength] : line);
    }
}
