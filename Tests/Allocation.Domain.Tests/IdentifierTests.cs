namespace Allocation.Domain.Tests;

/// <summary>One rule for identifiers, whatever door they come through (issue 24, item 11).</summary>
public sealed class IdentifierTests
{
    [TestCase("\u200B", "invisible format characters")]            // zero-width space only
    [TestCase("order\u200B1", "invisible format characters")]
    [TestCase("abc\u202Edef", "invisible format characters")]      // right-to-left override
    [TestCase("\uFEFFsku", "invisible format characters")]          // byte-order mark
    [TestCase(" padded", "white space")]
    [TestCase("padded ", "white space")]
    [TestCase("\u00A0nbsp", "white space")]
    [TestCase("cafe\u0301", "normalization form C")]                // NFD twin of "café"
    [TestCase(".", ". or ..")]
    [TestCase("..", ". or ..")]
    public void Refuses_invisible_characters_padding_twins_and_dot_segments(string value, string problem)
    {
        Identifier.Validate(value).Should().Contain(problem);
    }

    [Test]
    public void Refuses_an_unpaired_surrogate()
    {
        // Built at run time: an attribute argument cannot hold one (it is stored as UTF-8).
        var half = "half" + (char)0xD800;

        Identifier.Validate(half).Should().Contain("unpaired surrogate");
        Identifier.Validate((char)0xDC00 + "x").Should().Contain("unpaired surrogate");
    }

    [TestCase("caf\u00E9")]                                          // NFC
    [TestCase("a b")]
    [TestCase("a/b?c#d%2F e")]
    [TestCase("...")]
    [TestCase("emoji-\U0001F4E6")]
    [TestCase("日本語")]
    public void Accepts_what_a_person_can_see_and_type(string value)
    {
        Identifier.Validate(value).Should().BeNull();
    }
}
