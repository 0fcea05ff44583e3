using System.ComponentModel.DataAnnotations;

namespace TelegramAI.Contracts.Configuration;

/// <summary>Keys <c>Queues__Jobs</c> and <c>Queues__Results</c>: a queue URL or a bare queue name.</summary>
public sealed class QueuesOptions
{
    public const string Section = "Queues";

    [Required]
    public string Jobs { get; set; } = "";

    [Required]
    public string Results { get; set; } = "";
}

/// <summary>Key <c>Storage__Bucket</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", ErrorMessage = "must be a valid S3 bucket name")]
    public string Bucket { get; set; } = "";
}
