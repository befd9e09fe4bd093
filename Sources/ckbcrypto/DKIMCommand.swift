import ArgumentParser
import CKBDKIM
import CKBJSON
import CKBVectors
import CKBX509
import Foundation

/// `ckbcrypto dkim`: DKIM signatures of email messages.
struct DKIMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkim", abstract: "Verify the DKIM signatures of email messages (RFC 6376, RFC 8463).",
        subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify every DKIM-Signature of each message.",
            discussion: """
                Each FILE is one message (.eml bytes; bare LF line ends are read as CRLF) or an mbox
                (a file starting with a "From " line: each entry is a message, FILE#N, read as
                mboxrd). Keys come
                from --keys files (JSON: "selector._domainkey.domain" to the TXT text, a list of
                texts, or NXDOMAIN, SERVFAIL or TIMEOUT; repeated files merge, later ones win) or
                from DNS with --dns (the system's resolver, or --resolver ADDR:PORT). The verifier
                is strict: v=1, rsa-sha256 with keys of 1,024 to 4,096 bits, ed25519-sha256;
                rsa-sha1 only with --allow-insecure-sha1 (its collisions are practical). x= is
                checked against --at (RFC 3339 or Unix seconds; default now). Prints one line per
                signature (domain, selector, algorithm, result, reason), or with --json one line
                per message. Exit 0 when a signature of every message passes, 1 otherwise, 2 on
                bad input.
                """)

        @Argument(help: "The messages (.eml files or mboxes).")
        var files: [String]

        @Option(name: .customLong("keys"), help: "A JSON file of key records (repeatable).")
        var keys: [String] = []

        @Flag(name: .customLong("dns"), help: "Look keys up in DNS.")
        var dns = false

        @Option(name: .customLong("resolver"), help: "With --dns: the resolver, ADDR:PORT (default: /etc/resolv.conf).")
        var resolver: String?

        @Option(name: .customLong("at"), help: "Verification time: RFC 3339 or Unix seconds (default now).")
        var at: String?

        @Flag(name: .customLong("allow-insecure-sha1"), help: "Accept rsa-sha1, whose collisions are practical (old mail only).")
        var allowInsecureSHA1 = false

        @Flag(help: "One JSON line per message.")
        var json = false

        func validate() throws {
            if dns == !keys.isEmpty { throw ValidationError("give --keys FILE (one or more) or --dns") }
            if resolver != nil && !dns { throw ValidationError("--resolver goes with --dns") }
        }

        func run() throws {
            let provider: any DKIMKeyProvider
            if dns {
                provider = try DKIMCommand.dnsProvider(resolver)
            } else {
                do {
                    provider = try DKIMFileKeyProvider(json: keys.map(X509Command.read))
                } catch let error as DKIMFileKeyProvider.Malformed {
                    throw InputError(error.description)
                }
            }
            var time = UInt64(Date().timeIntervalSince1970)
            if let at {
                guard let parsed = X509Time(parsing: at), parsed.secondsSinceEpoch >= 0 else {
                    throw InputError("--at '\(at)' is neither RFC 3339 nor Unix seconds")
                }
                time = UInt64(parsed.secondsSinceEpoch)
            }
            var verifier = DKIMVerifier(keys: provider, time: time)
            verifier.allowsInsecureSHA1 = allowInsecureSHA1
            var allPass = true
            // Every message first (an mbox file gives one per entry), so bad input stops the run
            // before anything is printed.
            var messages: [Item] = []
            for file in files {
                let bytes = try X509Command.read(file)
                let isMbox = Mbox.isMbox(bytes)
                for (k, entry) in Mbox.messages(bytes).enumerated() {
                    messages.append(try Item(file: file, entry: isMbox ? k + 1 : nil, bytes: entry))
                }
            }
            let bar = isatty(2) == 1 && !json && messages.count > 20 ? ProgressBar(total: messages.count) : nil
            for (n, item) in messages.enumerated() {
                let file = item.label
                let message = item.message
                let result = verifier.verify(message)
                if result.result != .pass { allPass = false }
                if json {
                    let signatures = JSON.array(result.signatures.map { s in
                        .object([("domain", s.domain.map(JSON.string) ?? .null), ("selector", s.selector.map(JSON.string) ?? .null),
                                 ("algorithm", s.algorithm.map(JSON.string) ?? .null), ("result", .string(s.result.rawValue)),
                                 ("reason", .string(s.reason))])
                    })
                    let place: [(String, JSON)] = item.entry.map { [("file", .string(item.file)), ("entry", .number(String($0)))] } ?? [("file", .string(item.file))]
                    print(JSON.object(place + [("result", .string(result.result.rawValue)), ("signatures", signatures),
                                       ("from_signed", .bool(result.fromSigned)), ("body_fully_covered", .bool(result.bodyFullyCovered)),
                                       ("aligned", .string(result.alignment.rawValue))]).serialized)
                } else {
                    if result.signatures.isEmpty { print("\(file): none: no DKIM-Signature") }
                    for s in result.signatures {
                        print("\(file): d=\(s.domain ?? "-") s=\(s.selector ?? "-") a=\(s.algorithm ?? "-") \(s.result.rawValue): \(s.reason)")
                    }
                }
                bar?.update(n + 1)
            }
            bar?.finish()
            if !allPass { throw ExitCode(1) }
        }
    }

    /// One message to verify: a file, or entry `entry` (from 1) of an mbox file.
    struct Item {
        let file: String
        let entry: Int?
        let message: DKIMMessage
        var label: String { entry.map { "\(file)#\($0)" } ?? file }

        init(file: String, entry: Int?, bytes: [UInt8]) throws {
            self.file = file
            self.entry = entry
            do {
                message = try DKIMMessage(bytes)
            } catch {
                throw InputError("'\(entry.map { "\(file)#\($0)" } ?? file)': \(error)")
            }
        }
    }

    static func dnsProvider(_ resolver: String?) throws -> any DKIMKeyProvider {
        do {
            return try DNSKeyProvider(resolver: resolver)
        } catch {
            throw InputError("--resolver: \(error)")
        }
    }
}
