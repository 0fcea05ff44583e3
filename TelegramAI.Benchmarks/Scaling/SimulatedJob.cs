namespace TelegramAI.Benchmarks.Scaling;

/// <summary>One job of a trace: when the user asked (seconds from the trace's start) and how long a worker takes with it.</summary>
public readonly record struct SimulatedJob(double Arrival, double Duration);
