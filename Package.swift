// swift-tools-version: 6.1
//
// ckbcrypto: verify cryptographic proofs off-chain in Swift and on-chain as CKB-VM scripts.
// The module map and its dependency rule are in Docs/Architecture.md.

import PackageDescription

let package = Package(
    name: "ckbcrypto",
    platforms: [.macOS(.v15)],
    products: [
        // MARK: - Public API
        .library(name: "CKBCrypto", targets: ["CKBCrypto"]),
        .library(name: "CKBBytes", targets: ["CKBBytes"]),
        .library(name: "CKBHash", targets: ["CKBHash"]),
        .library(name: "CKBSecp256k1", targets: ["CKBSecp256k1"]),
        .library(name: "CKBBigInt", targets: ["CKBBigInt"]),
        .library(name: "CKBRSA", targets: ["CKBRSA"]),
        .library(name: "CKBX509", targets: ["CKBX509"]),
        .library(name: "CKBEd25519", targets: ["CKBEd25519"]),
        .library(name: "CKBDKIM", targets: ["CKBDKIM"]),
        .library(name: "CKBJSON", targets: ["CKBJSON"]),
        .library(name: "CKBVM", targets: ["CKBVM"]),
        .library(name: "CKBChain", targets: ["CKBChain"]),
        .library(name: "CKBVectors", targets: ["CKBVectors"]),
        .library(name: "CKBScripts", targets: ["CKBScripts"]),
        .executable(name: "ckbcrypto", targets: ["ckbcrypto"]),
        .executable(name: "ckbcrypto-bench", targets: ["ckbcrypto-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        // MARK: - Libraries (pure Swift; no reference C library is linked here)
        .target(name: "CKBBytes"),
        .target(name: "CKBHash", dependencies: ["CKBBytes"]),
        .target(name: "CKBSecp256k1", dependencies: ["CKBBytes", "CKBHash"]),
        .target(name: "CKBBigInt", dependencies: ["CKBBytes"]),
        .target(name: "CKBRSA", dependencies: ["CKBBigInt", "CKBHash", "CKBBytes", .product(name: "SwiftASN1", package: "swift-asn1")]),
        .target(name: "CKBX509", dependencies: ["CKBRSA", "CKBHash", "CKBBytes", .product(name: "SwiftASN1", package: "swift-asn1")]),
        .target(name: "CKBEd25519", dependencies: ["CKBBytes", "CKBHash", .product(name: "SwiftASN1", package: "swift-asn1")]),
        .target(name: "CKBDKIM", dependencies: ["CKBRSA", "CKBEd25519", "CKBHash", "CKBBytes", "CKBJSON"]),
        .target(name: "CKBJSON"),
        .target(name: "CKBVM"),
        .target(name: "CKBVMFuzz", dependencies: ["CKBVM"]),
        .target(name: "CKBChain", dependencies: ["CKBVM", "CKBHash", "CKBBytes", "CKBJSON"]),
        .target(name: "CKBVectors", dependencies: ["CKBBytes", "CKBHash", "CKBSecp256k1", "CKBRSA", "CKBX509", "CKBEd25519", "CKBDKIM", "CKBJSON"]),
        // The contracts' off-chain half; Contracts/build (through the Contracts symlink) is bundled.
        .target(name: "CKBScripts", dependencies: ["CKBChain", "CKBHash", "CKBBytes", "CKBSecp256k1", "CKBBigInt", "CKBRSA", "CKBX509", "CKBDKIM", "CKBVectors"], resources: [.copy("Contracts")]),
        .target(name: "CKBCrypto", dependencies: ["CKBBytes", "CKBHash", "CKBSecp256k1", "CKBBigInt", "CKBRSA", "CKBX509", "CKBJSON", "CKBVM", "CKBChain", "CKBScripts"]),

        // MARK: - Executables
        .executableTarget(
            name: "ckbcrypto",
            dependencies: [
                "CKBVectors",
                "CKBVM",
                "CKBChain",
                "CKBScripts",
                "CKBSecp256k1",
                "CKBRSA",
                "CKBX509",
                "CKBDKIM",
                "CKBEd25519",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "ckbvm-qemu-diff", dependencies: ["CKBVMFuzz"]),
        // Run by scripts/ct-check under valgrind: secp256k1 signing with the key marked secret.
        .executableTarget(name: "ckbcrypto-ctcheck", dependencies: ["CKBSecp256k1", "CValgrind"]),
        .executableTarget(
            name: "ckbcrypto-bench",
            dependencies: ["CKBHash", "CKBBytes", "CKBSecp256k1", "CKBBigInt", "CKBRSA", "CKBX509", "CKBScripts", "CKBVM", "COpenSSL", "CLibB2", "CSecp256k1", "CKBEd25519", "CSodium", "CKBDKIM"]
        ),

        // MARK: - Reference C libraries (tests and benchmarks only)
        .systemLibrary(
            name: "COpenSSL", path: "Sources/Reference/COpenSSL", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CLibB2", path: "Sources/Reference/CLibB2", pkgConfig: "libb2",
            providers: [.apt(["libb2-dev"])]),
        .systemLibrary(
            name: "CSecp256k1", path: "Sources/Reference/CSecp256k1", pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"])]),
        .systemLibrary(name: "CValgrind", path: "Sources/Reference/CValgrind", providers: [.apt(["valgrind"])]),
        .systemLibrary(
            name: "CSodium", path: "Sources/Reference/CSodium", pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(
            name: "CGMP", path: "Sources/Reference/CGMP", pkgConfig: "gmp",
            providers: [.apt(["libgmp-dev"])]),

        // MARK: - Tests
        .target(name: "CKBTestSupport", path: "Tests/CKBTestSupport"),
        .target(name: "CKBRSAReference", dependencies: ["CKBRSA", "COpenSSL"], path: "Tests/CKBRSAReference"),
        .testTarget(name: "CKBBytesTests", dependencies: ["CKBBytes", "CKBTestSupport"]),
        .testTarget(name: "CKBHashTests", dependencies: ["CKBHash", "CKBBytes", "CKBJSON", "CKBTestSupport"]),
        .testTarget(
            name: "CKBHashReferenceTests",
            dependencies: ["CKBHash", "CKBBytes", "COpenSSL", "CLibB2", "CKBTestSupport"]),
        .testTarget(name: "CKBJSONTests", dependencies: ["CKBJSON"]),
        .testTarget(name: "CKBBigIntTests", dependencies: ["CKBBigInt", "CGMP", "CKBTestSupport"]),
        .testTarget(name: "CKBRSATests", dependencies: ["CKBRSA", "CKBBigInt", "CKBHash", "CKBRSAReference", "CKBTestSupport"]),
        .testTarget(
            name: "CKBSecp256k1Tests",
            dependencies: ["CKBSecp256k1", "CKBHash", "CKBBytes", "CSecp256k1", "CKBTestSupport"]),
        .testTarget(name: "CKBX509Tests", dependencies: ["CKBX509", "CKBVectors", "CKBTestSupport"]),
        .testTarget(name: "CKBEd25519Tests", dependencies: ["CKBEd25519", "CKBBytes", "CKBHash", "CKBJSON", "CSodium", "CKBTestSupport"]),
        .testTarget(name: "CKBDKIMTests", dependencies: ["CKBDKIM", "CKBEd25519", "CKBRSA", "CKBBytes", "CKBJSON", "CKBTestSupport"]),
        .testTarget(name: "CKBVectorsTests", dependencies: ["CKBVectors", "CKBHash", "CKBBytes", "CKBJSON", "CKBTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["ckbcrypto", "CKBTestSupport"]),
        .testTarget(name: "CKBChainTests", dependencies: ["CKBChain", "CKBBytes", "CKBJSON", "CKBHash", "CKBVM", "CKBTestSupport"]),
        .testTarget(name: "CKBScriptsTests", dependencies: ["CKBScripts", "CKBChain", "CKBHash", "CKBBytes", "CKBJSON", "CKBVectors", "CKBRSA", "CKBRSAReference", "CKBTestSupport", "CSodium"]),
        .testTarget(
            name: "CKBVMTests", dependencies: ["CKBVM", "CKBVMFuzz", "CKBTestSupport"],
            exclude: ["Programs"]),
    ]
)
