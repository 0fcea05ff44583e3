using TelegramAI.Telegram.LocalChat;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(LocalChatOptions.DefaultHealthPort);
builder.AddLocalChat();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapLocalChat();

return await app.RunServiceAsync();
