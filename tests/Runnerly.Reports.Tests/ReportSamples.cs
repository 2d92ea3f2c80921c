using MimeKit;

namespace Runnerly.Reports.Tests;

/// <summary>
/// A look at the real thing: <c>RUNNERLY_REPORTS_SAMPLES=/tmp/samples dotnet test … --filter ReportContentTests</c>
/// writes each sample email there as sent (<c>{name}.eml</c>), its text, and its HTML beside its chart
/// (<c>{name}.html</c> shows <c>{name}-chart.png</c>), ready for a browser.
/// </summary>
internal static class ReportSamples
{
    public static async Task WriteAsync(string name, MimeMessage mail)
    {
        if (Environment.GetEnvironmentVariable("RUNNERLY_REPORTS_SAMPLES") is not { Length: > 0 } samples)
        {
            return;
        }

        Directory.CreateDirectory(samples);
        var chart = mail.BodyParts.OfType<MimePart>().SingleOrDefault(p => p.ContentId == "monthly-chart@runnerly");
        if (chart is not null)
        {
            await using var png = File.Create(Path.Combine(samples, $"{name}-chart.png"));
            await chart.Content!.DecodeToAsync(png);
        }

        await File.WriteAllTextAsync(Path.Combine(samples, $"{name}.html"), mail.HtmlBody!.Replace("cid:monthly-chart@runnerly", $"{name}-chart.png"));
        await File.WriteAllTextAsync(Path.Combine(samples, $"{name}.txt"), mail.TextBody);
        await mail.WriteToAsync(Path.Combine(samples, $"{name}.eml"));
    }
}
