import CKBDKIM
import Testing

/// RFC 8463 Appendix A: the example message of A.3, signed by football.example.com with
/// Ed25519 (selector brisbane) and with RSA (selector test), the keys of A.2. An outside check of
/// the relaxed canonicalizations and both algorithms.
@Suite struct RFC8463Tests {
    static let message = [
        "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;",
        " d=football.example.com; i=@football.example.com;",
        " q=dns/txt; s=brisbane; t=1528637909; h=from : to :",
        " subject : date : message-id : from : subject : date;",
        " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;",
        " b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus",
        " Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==",
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;",
        " d=football.example.com; i=@football.example.com;",
        " q=dns/txt; s=test; t=1528637909; h=from : to : subject :",
        " date : message-id : from : subject : date;",
        " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;",
        " b=F45dVWDfMbQDGHJFlXUNB2HKfbCeLRyhDXgFpEL8GwpsRe0IeIixNTe3",
        " DhCVlUrSjV4BwcVcOF6+FF3Zo9Rpo1tFOeS9mPYQTnGdaSGsgeefOsk2Jz",
        " dA+L10TeYt9BgDfQNZtKdN1WO//KgIqXP7OdEFE4LjFYNcUxZQ4FADY+8=",
        "From: Joe SixPack <joe@football.example.com>",
        "To: Suzie Q <suzie@shopping.example.net>",
        "Subject: Is dinner ready?",
        "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)",
        "Message-ID: <20030712040037.46341.5F8J@football.example.com>",
        "",
        "Hi.",
        "",
        "We lost the game.  Are you hungry yet?",
        "",
        "Joe.",
        "",
    ].joined(separator: "\r\n")

    static let keys = DKIMFileKeyProvider(entries: [
        "brisbane._domainkey.football.example.com": .records(["v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="]),
        "test._domainkey.football.example.com": .records([
            "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/"
                + "byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB",
        ]),
    ])

    @Test func bothSignaturesPass() throws {
        let message = try DKIMMessage(Array(Self.message.utf8))
        let result = DKIMVerifier(keys: Self.keys, time: 1_528_637_909 + 60).verify(message)
        #expect(result.result == .pass)
        #expect(result.signatures.map(\.selector) == ["brisbane", "test"])
        #expect(result.signatures.map(\.result) == [.pass, .pass], "\(result.signatures.map(\.reason))")
        #expect(result.fromSigned && result.bodyFullyCovered && result.alignment == .strict)
    }

    /// The same message with one word of the body changed, and with the Subject changed: every
    /// signature fails.
    @Test func changesFail() throws {
        for (from, to) in [("hungry", "thirsty"), ("Is dinner ready?", "Is lunch ready?")] {
            let changed = Self.message.replacingOccurrences(of: from, with: to)
            let result = DKIMVerifier(keys: Self.keys, time: 1_528_637_969).verify(try DKIMMessage(Array(changed.utf8)))
            #expect(result.signatures.map(\.result) == [.fail, .fail], "\(from): \(result.signatures.map(\.reason))")
        }
    }
}
