import CKBDKIM
import Testing

@Suite struct MboxTests {
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func oneMessageIsNotAnMbox() {
        let eml = Self.bytes("From: a@example.com\nSubject: x\n\nbody\n")
        #expect(!Mbox.isMbox(eml))
        #expect(Mbox.messages(eml) == [eml])
        // The obsolete header syntax (RFC 5322 4.5.1: spaces before the colon) is a field.
        let obs = Self.bytes("From : a@example.com\n\nbody\n")
        #expect(!Mbox.isMbox(obs))
        #expect(Mbox.messages(obs) == [obs])
        #expect(!Mbox.isMbox([]) && Mbox.messages([]) == [[]])
    }

    @Test func entriesSplitAndTheSeparatorLineGoes() {
        let mbox = """
            From alice@example.com Sat Jan  3 01:05:34 1996
            From: alice@example.com
            Subject: one

            first body

            From bob@example.com Sat Jan  3 01:06:00 1996
            From: bob@example.com
            Subject: two

            second body
            \("")
            """
        let messages = Mbox.messages(Self.bytes(mbox + "\n"))
        #expect(messages.count == 2)
        #expect(messages[0] == Self.bytes("From: alice@example.com\nSubject: one\n\nfirst body\n"))
        // The empty line before the end of the file is the delivery agent's.
        #expect(messages[1] == Self.bytes("From: bob@example.com\nSubject: two\n\nsecond body\n"))
        // A body that ends in an empty line of its own keeps it; without the agent's empty line,
        // the last message is kept whole.
        #expect(Mbox.messages(Self.bytes("From a\nA: b\n\nx\n\n\n")) == [Self.bytes("A: b\n\nx\n\n")])
        #expect(Mbox.messages(Self.bytes("From a\nA: b\n\nx")) == [Self.bytes("A: b\n\nx")])
    }

    @Test func mboxrdUnquotingAndCRLF() {
        let mbox = "From x Thu Jan  1 00:00:00 1970\r\nFrom: x@example.com\r\n\r\n>From here\r\n>>From there\r\n> From not\r\n>Fromage\r\n\r\n"
        let messages = Mbox.messages(Self.bytes(mbox))
        #expect(messages == [Self.bytes("From: x@example.com\r\n\r\nFrom here\r\n>From there\r\n> From not\r\n>Fromage\r\n")])
    }

    @Test func emptyLinesInsideABodyStay() {
        let mbox = "From x\n\n\nbody\n\n\nmore\n\nFrom y\nA: b\n"
        let messages = Mbox.messages(Self.bytes(mbox))
        #expect(messages == [Self.bytes("\n\nbody\n\n\nmore\n"), Self.bytes("A: b\n")])
    }

    @Test func entriesParseAsMessages() throws {
        let mbox = Self.bytes("From a\nFrom: a@example.com\n\nx\n\nFrom b\nFrom: b@example.com\n\ny\n")
        let parsed = try Mbox.messages(mbox).map { bytes throws(DKIMMessageError) in try DKIMMessage(bytes) }
        #expect(parsed.count == 2)
        #expect(parsed[1].fields.first?.name == "From")
        #expect(Array(parsed[1].body) == Self.bytes("y\r\n"))
    }
}
