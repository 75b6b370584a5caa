using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Allocation.Host.Security;

/// <summary>How bearer tokens are checked, from <see cref="JwtSettings"/>, and how a refused one is answered.</summary>
internal static class JwtBearerSetup
{
    public static void Configure(JwtBearerOptions options, JwtSettings jwt)
    {
        options.MapInboundClaims = false; // keep "scope", "sub" and friends as the token names them
        options.Audience = jwt.Audience;
        if (!string.IsNullOrWhiteSpace(jwt.Authority))
        {
            options.Authority = jwt.Authority;
            options.RequireHttpsMetadata = new Uri(jwt.Authority).Scheme == Uri.UriSchemeHttps;
        }
        else if (!string.IsNullOrWhiteSpace(jwt.SigningKey))
        {
            options.TokenValidationParameters.ValidIssuer = jwt.Issuer;
            options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey));
            options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }

        options.TokenValidationParameters.ValidAudience = jwt.Audience;
        options.TokenValidationParameters.ClockSkew = jwt.ClockSkew;
        options.Events = new JwtBearerEvents { OnChallenge = ChallengeAsync };
    }

    /// <summary>A 401 problem naming what was wrong with the token (expired, wrong audience, bad signature), never the token itself.</summary>
    private static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = string.IsNullOrEmpty(context.Error) ? "Bearer" : $"Bearer error=\"{context.Error}\"";
        var reason = context.AuthenticateFailure switch
        {
            SecurityTokenExpiredException => "the token has expired",
            SecurityTokenInvalidAudienceException => "the token is not for this audience",
            SecurityTokenInvalidIssuerException => "the token is from another issuer",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the token's signature is not valid",
            null => "no valid token was given",
            _ => "the token is not valid",
        };
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = $"This route needs a valid bearer token: {reason}.",
                Extensions = { ["code"] = "unauthorized" },
            },
        });
    }
}
