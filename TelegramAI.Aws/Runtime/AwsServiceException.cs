using System.Net;
using Amazon.Runtime;

namespace TelegramAI.Aws.Runtime;

/// <summary>
/// A call that AWS (or the emulator) refused. Derives from the SDK's own
/// <see cref="AmazonServiceException"/>, so code that catches the SDK's exceptions keeps working
/// when an official client replaces ours.
/// </summary>
public class AwsServiceException : AmazonServiceException
{
    public AwsServiceException(string operation, string message, string errorCode, string? requestId, HttpStatusCode statusCode, ErrorType errorType)
        : base($"{operation} failed: {errorCode}: {message}", null, errorType, errorCode, requestId, statusCode)
    {
        Operation = operation;
    }

    /// <summary>The API action that failed, for example <c>SendMessage</c>.</summary>
    public string Operation { get; }

    public bool IsThrottling => ErrorCode is "Throttling" or "ThrottlingException" or "ThrottledException" or "RequestThrottled"
        or "TooManyRequestsException" or "RequestLimitExceeded" or "SlowDown" or "RequestThrottledException"
        or "ProvisionedThroughputExceededException" or "PriorRequestNotComplete" or "EC2ThrottledException"
        || StatusCode == HttpStatusCode.TooManyRequests;

    public bool IsRetryable => IsThrottling || (int)StatusCode >= 500 || ErrorCode is "RequestTimeout" or "RequestTimeoutException";

}
