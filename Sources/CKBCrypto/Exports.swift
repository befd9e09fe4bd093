// CKBCrypto: the umbrella library. `import CKBCrypto` brings in every public library module.
@_exported import CKBBytes
@_exported import CKBHash
@_exported import CKBSecp256k1
@_exported import CKBBigInt
@_exported import CKBRSA
@_exported import CKBX509
@_exported import CKBJSON
@_exported import CKBVM
@_exported import CKBChain
@_exported import CKBScripts
