using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Runnerly.Identity.Apis;

namespace Runnerly.Identity.Pages;

/// <summary>
/// A page whose request carried a value <see cref="InputRules"/> refused shows itself with a 400 and
/// one line saying which field could not be read, instead of running its handler.
/// </summary>
internal sealed class RefusedInputFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HttpContext.Features.Get<RefusedInput>() is not { } refused)
        {
            await next();
            return;
        }

        // The refused value was taken out: "Enter your email address" would be beside the point.
        foreach (var key in context.ModelState.Keys.Where(k => string.Equals(k, refused.Field, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            context.ModelState.Remove(key);
        }

        context.ModelState.AddModelError(string.Empty, $"'{refused.Field}' {InputRules.UnreadableText}. Check it and try again.");
        context.Result = new PageResult { StatusCode = StatusCodes.Status400BadRequest };
    }
}
