using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("TelegramAI.Tests")]
