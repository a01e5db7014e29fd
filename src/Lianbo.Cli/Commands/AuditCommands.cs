using System.CommandLine;
using Lianbo.Core.Accounts;

namespace Lianbo.Cli.Commands;

/// <summary>
/// <c>lianbo audit verify [--expect-head SEQ:HASH]</c>: walks the audit log's hash chain. Exit code 0 when it is whole,
/// 1 at the first broken link (named by its sequence number), 2 for a bad option.
/// </summary>
internal static class AuditCommands
{
    public const int Broken = 1;

    public static Command Create(GlobalOptions global)
    {
        var expectHead = new Option<string?>("--expect-head") { Description = CliText.Format("ExpectHeadOption") };
        // Unknown words are refused here with exit code 2, since the parser's 1 would read as a broken chain.
        var verify = new Command("verify", CliText.Format("AuditVerifyDescription")) { expectHead };
        verify.TreatUnmatchedTokensAsErrors = false;
        verify.SetAction(async (result, ct) =>
        {
            var error = result.InvocationConfiguration.Error;
            if (result.UnmatchedTokens.Count > 0)
            {
                error.WriteLine(CliText.Format("UnknownWords", string.Join(" ", result.UnmatchedTokens)));
                return CliApp.UserError;
            }

            AuditHead? expected = null;
            if (result.GetValue(expectHead) is { } given && (expected = AuditHead.Parse(given.Trim())) is null)
            {
                error.WriteLine(CliText.Format("BadExpectHead", given));
                return CliApp.UserError;
            }

            await using var db = await GroupsCommands.OpenAsync(global, result, ct);
            var verification = await AuditChain.VerifyAsync(db, expected, ct);
            var output = result.InvocationConfiguration.Output;
            output.WriteLine(verification.Head is { } head
                ? CliText.Format("AuditVerified", verification.Verified, head)
                : CliText.Format("AuditEmpty"));
            if (verification.Problem is { } problem)
            {
                error.WriteLine(CliText.Format("AuditBroken_" + problem.Kind, problem.Sequence, expected?.Sequence));
                return Broken;
            }

            return 0;
        });
        return new Command("audit", CliText.Format("AuditDescription")) { verify };
    }
}
