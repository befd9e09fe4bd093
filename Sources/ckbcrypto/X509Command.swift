import ArgumentParser
import CKBJSON
import CKBVectors
import CKBX509
import Foundation

/// `ckbcrypto x509`: RSA certificate chains.
struct X509Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "x509", abstract: "Validate RSA certificate chains (RFC 5280) and run x509-limbo files.",
        subcommands: [Verify.self, Show.self, LimboRun.self])

    enum Purpose: String, ExpressibleByArgument, CaseIterable { case server, client, any }

    static func read(_ path: String) throws -> [UInt8] {
        do {
            return try FileSystem.readAll(path)
        } catch {
            throw InputError(error.description)
        }
    }

    static func certificates(_ path: String) throws -> [Certificate] {
        do {
            return try Certificate.load(try read(path))
        } catch let error as X509Error {
            throw InputError("'\(path)': \(error)")
        }
    }

    static var now: X509Time { X509Time(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a leaf certificate's chain to a set of trust anchors.",
            discussion: """
                LEAF, the --chain files (an unordered pool of intermediates) and ROOTS are PEM (any
                number of CERTIFICATE blocks) or DER. The path is built through the pool to a trust
                anchor and validated as RFC 5280 section 6 says for RSA identity chains, under a
                strict policy: RSA keys of 2048 to 4096 bits, SHA-256/384/512 with PKCS#1 v1.5 or
                PSS, no SHA-1 or MD5, critical basicConstraints and keyCertSign on every CA, no
                unknown critical extension, name constraints, pathLenConstraint, validity of every
                certificate at --at (RFC 3339 or Unix seconds; default now), the leaf's
                extKeyUsage for --purpose, and --name (DNS with the left-most wildcard rule, IP or
                email) against the leaf's subjectAltName. --crl files are checked for revocation.
                Prints the path (exit 0) or the rule that failed and the certificate (exit 1); bad
                input exits 2.
                """)

        @Argument(help: "The leaf certificate.")
        var leaf: String

        @Option(name: .customLong("chain"), help: "A file of intermediate certificates (repeatable).")
        var chain: [String] = []

        @Option(name: .customLong("trust"), help: "The trust anchors.")
        var trust: String

        @Option(name: .customLong("at"), help: "Validation time: RFC 3339 or Unix seconds (default now).")
        var at: String?

        @Option(help: "server (serverAuth), client (clientAuth) or any.")
        var purpose: Purpose = .any

        @Option(name: .customLong("name"), help: "A name the leaf must match (repeatable).")
        var names: [String] = []

        @Option(name: .customLong("crl"), help: "A CRL file (repeatable).")
        var crl: [String] = []

        @Option(name: .customLong("max-intermediates"), help: "The longest path, in intermediates (default 8).")
        var maxIntermediates: Int = 8

        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            guard let leafCertificate = try X509Command.certificates(leaf).first else { throw InputError("'\(leaf)': no certificate") }
            let pool = try chain.flatMap(X509Command.certificates)
            let anchors = try X509Command.certificates(trust)
            var time = X509Command.now
            if let at {
                guard let parsed = X509Time(parsing: at) else { throw InputError("--at '\(at)' is neither RFC 3339 nor Unix seconds") }
                time = parsed
            }
            var policy = X509Policy(time: time)
            policy.maximumIntermediates = maxIntermediates
            switch purpose {
            case .server: policy.extendedKeyUsage = [Extensions.serverAuth]
            case .client: policy.extendedKeyUsage = [Extensions.clientAuth]
            case .any: break
            }
            for name in names {
                guard let peer = PeerName(parsing: name) else { throw InputError("--name '\(name)' is not a name") }
                policy.peerNames.append(peer)
            }
            for path in crl {
                do {
                    policy.crls += try CRL.load(try X509Command.read(path))
                } catch let error as X509Error {
                    throw InputError("'\(path)': \(error)")
                }
            }
            let result = X509Verifier(trustAnchors: anchors).verify(leaf: leafCertificate, intermediates: pool, policy: policy)
            switch result {
            case .success(let path):
                if json {
                    let list = JSON.array(path.map { .string($0.subject.description) })
                    print(JSON.object([("valid", .bool(true)), ("path", list)]).serialized)
                } else {
                    print("valid")
                    for (i, c) in path.enumerated() { print("  \(i): \(c.subject)") }
                }
            case .failure(let failure):
                if json {
                    print(JSON.object([("valid", .bool(false)), ("rule", .string(failure.rule.rawValue)),
                                       ("certificate", failure.certificate.map { .string($0.subject.description) } ?? .null),
                                       ("detail", .string(failure.detail))]).serialized)
                } else {
                    print("invalid: \(failure)")
                }
                throw ExitCode(1)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the fields of each certificate in a file.")

        @Argument(help: "A PEM or DER file.")
        var file: String

        func run() throws {
            for (i, c) in try X509Command.certificates(file).enumerated() {
                if i > 0 { print("") }
                print("Version: \(c.version)")
                print("Serial: \(c.serialNumber.map { String(format: "%02x", $0) }.joined(separator: ":"))")
                print("Signature algorithm: \(c.signatureAlgorithm)")
                print("Issuer: \(c.issuer)")
                print("Validity: \(c.notBefore) to \(c.notAfter)")
                print("Subject: \(c.subject)")
                switch c.publicKey {
                case .rsa(let key): print("Public key: RSA \(key.bitCount) bits\(key.isRestrictedToPSS ? " (RSASSA-PSS only)" : "")")
                case .invalidRSA(let reason): print("Public key: invalid RSA (\(reason))")
                case .unsupported(let oid): print("Public key: \(oid)")
                }
                let e = c.extensions
                if let bc = e.basicConstraints { print("Basic constraints: CA \(bc.isCA)\(bc.pathLength.map { ", pathlen \($0)" } ?? "")\(bc.critical ? " (critical)" : "")") }
                if let ku = e.keyUsage { print("Key usage: \(ku.names.joined(separator: ", "))") }
                if let eku = e.extendedKeyUsage { print("Extended key usage: \(eku.map { "\($0)" }.joined(separator: ", "))") }
                if let san = e.subjectAltNames { print("Subject alternative names: \(san.map(\.description).joined(separator: ", "))") }
                if let nc = e.nameConstraints {
                    print("Name constraints: permitted \((nc.permitted ?? []).map(\.description)), excluded \((nc.excluded ?? []).map(\.description))")
                }
                if let ski = e.subjectKeyIdentifier { print("Subject key identifier: \(ski.map { String(format: "%02x", $0) }.joined())") }
                if let aki = e.authorityKeyIdentifier?.keyIdentifier { print("Authority key identifier: \(aki.map { String(format: "%02x", $0) }.joined())") }
                if !e.unhandledCritical.isEmpty { print("Unknown critical extensions: \(e.unhandledCritical.map { "\($0)" }.joined(separator: ", "))") }
                print("SHA-256 fingerprint: \(c.fingerprint.map { String(format: "%02x", $0) }.joined())")
            }
        }
    }

    struct LimboRun: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "limbo",
            abstract: "Judge every case of an x509-limbo file.",
            discussion: """
                Each case is validated as its fields say (validation kind, peer names, extended
                and plain key usage, time, maximum depth, CRLs); a case this validator cannot judge
                (a key that is not RSA, an unknown usage) is skipped with the reason. Prints a
                summary per namespace, or with --json one line per case ({"id", "expected",
                "actual", "reason"}) and a last line {"cases", "agreed", "disagreed", "skipped"}.
                Exit 1 when any case disagrees.
                """)

        @Argument(help: "A limbo-format JSON file.")
        var file: String

        @Flag(help: "One JSON line per case, then a summary line.")
        var json = false

        func run() throws {
            let cases: [LimboCase]
            do {
                cases = try Limbo.read(path: file, bytes: try X509Command.read(file))
            } catch let error as VectorError {
                throw InputError(error.description)
            }
            let now = X509Command.now
            let bar = isatty(2) == 1 && !json && cases.count > 20 ? ProgressBar(total: cases.count) : nil
            var verdicts: [LimboVerdict] = []
            for (i, c) in cases.enumerated() {
                verdicts.append(Limbo.judge(c, now: now))
                bar?.update(i + 1)
            }
            bar?.finish()
            let agreed = verdicts.filter(\.agrees).count
            let skipped = verdicts.filter { $0.actual == .skipped }.count
            let disagreed = verdicts.count - agreed - skipped
            if json {
                for v in verdicts { print(v.jsonLine) }
                print(JSON.object([("cases", .int(verdicts.count)), ("agreed", .int(agreed)), ("disagreed", .int(disagreed)),
                                   ("skipped", .int(skipped))]).serialized)
            } else {
                for v in verdicts where !v.agrees && v.actual != .skipped {
                    print("DISAGREE \(v.id): expected \(v.expected), got \(v.actual.rawValue): \(v.reason)")
                }
                for v in verdicts where v.actual == .skipped { print("SKIP \(v.id): \(v.reason)") }
                print("\(verdicts.count) cases: \(agreed) agreed, \(disagreed) disagreed, \(skipped) skipped")
            }
            if disagreed > 0 { throw ExitCode(1) }
        }
    }
}
