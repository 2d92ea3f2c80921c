using ScottPlot;

namespace Runnerly.Reports.Composition;

/// <summary>
/// The report's chart: distance per week of the month as bars, a PNG on a solid light
/// background (mail clients that invert dark mode leave it readable), drawn headless with a
/// bundled font so it looks the same on every machine.
/// </summary>
internal static class ChartRenderer
{
    public const int Width = 600;
    public const int Height = 260;
    public const string FontName = "Runnerly Chart Sans";

    private static readonly Lazy<bool> FontRegistered = new(RegisterFont);

    public static byte[] Render(ReportFigures figures)
    {
        _ = FontRegistered.Value;
        var miles = figures.UsesMiles;
        var plot = new Plot();
        try
        {
            plot.Font.Set(FontName);
            plot.FigureBackground.Color = Color.FromHex("#FFFFFF");
            plot.DataBackground.Color = Color.FromHex("#F6F8FA");
            plot.Grid.MajorLineColor = Color.FromHex("#E1E6EB");

            var bars = figures.Weeks.Select((week, i) =>
            {
                var value = Math.Round(Units.Distance(week.DistanceMeters, miles), 1);
                return new Bar
                {
                    Position = i,
                    Value = value,
                    FillColor = Color.FromHex("#B4380B"),
                    LineWidth = 0,
                    Label = value > 0 ? value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "",
                };
            }).ToList();
            var plottable = plot.Add.Bars(bars);
            plottable.ValueLabelStyle.FontSize = 13;
            plottable.ValueLabelStyle.ForeColor = Color.FromHex("#24292F");

            var ticks = figures.Weeks.Select((week, i) => new Tick(i, Units.FormatDays(week.From, week.To))).ToArray();
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
            plot.Axes.Bottom.MajorTickStyle.Length = 0;
            plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
            plot.Axes.Left.TickLabelStyle.FontSize = 12;
            plot.Axes.Left.Label.Text = Units.DistanceUnit(miles);
            plot.Axes.Left.Label.FontSize = 13;
            plot.Axes.Margins(bottom: 0, top: 0.18);
            var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
            if (max <= 0)
            {
                plot.Axes.SetLimitsY(0, 10);
            }

            return Encode(plot);
        }
        finally
        {
            plot.Dispose();
        }
    }

    /// <summary>
    /// The PNG, drawn on a surface of our own and encoded with light compression: with the default
    /// settings encoding took about three times as long as drawing, for a file half the size
    /// (7 KB instead of about 15 KB, both far below what matters in an email).
    /// </summary>
    private static byte[] Encode(Plot plot)
    {
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(Width, Height, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Opaque))
            ?? throw new InvalidOperationException("Skia could not make a drawing surface.");
        plot.Render(surface.Canvas, Width, Height);
        using var image = surface.Snapshot();
        using var pixels = image.PeekPixels();
        using var png = pixels.Encode(new SkiaSharp.SKPngEncoderOptions(SkiaSharp.SKPngEncoderFilterFlags.Sub, 1))
            ?? throw new InvalidOperationException("Skia could not encode the chart.");
        return png.ToArray();
    }

    /// <summary>The alt text: what the chart shows, in words.</summary>
    public static string AltText(ReportFigures figures) =>
        $"Bar chart of distance per week in {Units.MonthName(figures.Month)} {figures.Year}: " +
        string.Join("; ", figures.Weeks.Select(w => $"{Units.FormatDays(w.From, w.To)}: {Units.FormatDistance(w.DistanceMeters, figures.UsesMiles)}"));

    private static bool RegisterFont()
    {
        // ScottPlot loads fonts from files: the embedded one is written out once (a new name for a new font, never half-written).
        using var resource = typeof(ChartRenderer).Assembly.GetManifestResourceStream("Runnerly.Reports.Fonts.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The chart font is not embedded.");
        var path = Path.Combine(Path.GetTempPath(), $"runnerly-reports-DejaVuSans-{resource.Length}.ttf");
        if (!File.Exists(path) || new FileInfo(path).Length != resource.Length)
        {
            var partial = $"{path}.{Environment.ProcessId}.tmp";
            using (var file = File.Create(partial))
            {
                resource.CopyTo(file);
            }

            File.Move(partial, path, overwrite: true);
        }

        Fonts.AddFontFile(FontName, path, bold: false, italic: false);
        Fonts.AddFontFile(FontName, path, bold: true, italic: false);
        return true;
    }
}
