using Microsoft.AspNetCore.Identity;

namespace Runnerly.Identity.Accounts;

/// <summary>
/// Refuses passwords that are easy to guess — common ones, dictionary words, keyboard patterns,
/// repeats, sequences, or the email address itself — as NIST SP 800-63B asks, using zxcvbn's
/// dictionaries and estimator instead of composition rules.
/// </summary>
internal sealed class CommonPasswordValidator : IPasswordValidator<IdentityUser>
{
    // zxcvbn scores 0–4; 0 and 1 fall to an online attack within 10^6 guesses.
    private const int MinimumScore = 2;

    public Task<IdentityResult> ValidateAsync(UserManager<IdentityUser> manager, IdentityUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success); // the length rule answers this one
        }

        string[] userInputs = [user.Email ?? "", user.UserName ?? "", "runnerly", "strava", "running"];
        var result = Zxcvbn.Zxcvbn.MatchPassword(password, userInputs);
        return Task.FromResult(result.Score >= MinimumScore
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "This password is too common or too easy to guess. Try a longer phrase of a few unrelated words.",
            }));
    }
}
