namespace Microsoft.Extensions.Hosting;

/// <summary>The months every service serves: the years the data service keeps runs for.</summary>
public static class MonthRules
{
    /// <summary>A year from 1900 to 2200 and a month from 1 to 12, each named when it is not.</summary>
    public static Dictionary<string, string[]> Problems(int year, int month)
    {
        var errors = new Dictionary<string, string[]>();
        if (year is < 1900 or > 2200)
        {
            errors["year"] = ["Give a year from 1900 to 2200."];
        }

        if (month is < 1 or > 12)
        {
            errors["month"] = ["Give a month from 1 to 12."];
        }

        return errors;
    }
}
