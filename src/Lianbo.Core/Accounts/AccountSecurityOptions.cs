using System.ComponentModel.DataAnnotations;

namespace Lianbo.Core.Accounts;

/// <summary>The "Lianbo:Security" section: how sign-ins are throttled and how recent one must be for sensitive changes.</summary>
public sealed class AccountSecurityOptions
{
    public const string Section = "Lianbo:Security";

    /// <summary>Creating API tokens and deleting the account need a sign-in this recent, so an unattended session cannot do either.</summary>
    [Range(1, 1440)]
    public int FreshSignInMinutes { get; set; } = 10;

    /// <summary>Failed sign-ins to one account from one client address before that address must wait (a soft lock-out).</summary>
    [Range(1, 100)]
    public int FailedSignInsPerAddress { get; set; } = 5;

    /// <summary>How long failures are counted, and how long the address then waits; short enough that a mistyping owner is not kept out for long.</summary>
    [Range(1, 1440)]
    public int SignInLockoutMinutes { get; set; } = 15;

    public TimeSpan FreshSignIn => TimeSpan.FromMinutes(FreshSignInMinutes);

    public TimeSpan SignInLockout => TimeSpan.FromMinutes(SignInLockoutMinutes);
}
