using System.Diagnostics;
using NodaTime;
using Runnerly.Reports.Clients;
using Runnerly.Reports.Composition;

/// <summary>The composing stages alone, single-threaded, without services: figures, chart, email.</summary>
internal static class StageBenchmark
{
    public static void Run(int count)
    {
        var random = new Random(7);
        var profile = new RunnerProfile("Ana", "km", "Europe/Paris", false);
        var links = new ReportLinks("https://runnerly.test/dashboard", "https://runnerly.test/settings", "https://runnerly.test/reports/unsubscribe/token");
        var month = new YearMonth(2026, 11);
        var sets = Enumerable.Range(0, count).Select(i => (IReadOnlyList<RunRecord>)Enumerable.Range(0, 12).Select(r =>
        {
            var meters = 4_000 + random.Next(18_000);
            var start = new DateTime(2026, 11, 1 + r * 29 / 12, 6, 30, 0).AddMinutes(random.Next(600));
            return new RunRecord(Guid.NewGuid(), "Run", "Run", new DateTimeOffset(start, TimeSpan.Zero), start, meters, meters * 300 / 1000, random.Next(300));
        }).ToList()).ToList();

        // Warm-up: JIT, the font, the first layout.
        foreach (var runs in sets.Take(20))
        {
            var f = FigureBuilder.Build(month, runs, profile, "Ana", null, new LocalDate(2026, 12, 1))!;
            ReportRenderer.Render(f, links, ChartRenderer.Render(f));
        }

        TimeSpan figures = default, chart = default, email = default;
        long pngBytes = 0, htmlChars = 0;
        foreach (var runs in sets)
        {
            var started = Stopwatch.GetTimestamp();
            var f = FigureBuilder.Build(month, runs, profile, "Ana", null, new LocalDate(2026, 12, 1))!;
            figures += Stopwatch.GetElapsedTime(started);
            started = Stopwatch.GetTimestamp();
            var png = ChartRenderer.Render(f);
            chart += Stopwatch.GetElapsedTime(started);
            started = Stopwatch.GetTimestamp();
            var rendered = ReportRenderer.Render(f, links, png);
            email += Stopwatch.GetElapsedTime(started);
            pngBytes += png.Length;
            htmlChars += rendered.Html.Length;
        }

        Console.WriteLine($"{count} reports, one thread: figures {figures.TotalMilliseconds / count:0.00} ms, chart {chart.TotalMilliseconds / count:0.00} ms, "
            + $"email {email.TotalMilliseconds / count:0.00} ms per report; PNG {pngBytes / count / 1024.0:0.0} KB, HTML {htmlChars / count / 1024.0:0.0} K characters on average");
    }
}
