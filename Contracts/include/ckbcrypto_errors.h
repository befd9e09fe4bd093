/* The one table of the contracts' exit codes. Tools/generate.py turns it into
   Sources/CKBScripts/ContractError.swift; CI fails when the two drift. Format: one
   `#define CKBCRYPTO_ERR_<NAME> <code> // <meaning>` per line, codes negative. */
#ifndef CKBCRYPTO_ERRORS_H
#define CKBCRYPTO_ERRORS_H

#define CKBCRYPTO_ERR_SYSCALL -1          // a syscall failed unexpectedly
#define CKBCRYPTO_ERR_ENCODING -2         // the script, a witness or a cell is not well-formed Molecule
#define CKBCRYPTO_ERR_ARGS_LENGTH -3      // the script args have the wrong length for their layout
#define CKBCRYPTO_ERR_UNKNOWN_ALGORITHM -4 // the args name an algorithm this script does not have
#define CKBCRYPTO_ERR_PARAMETERS -5       // algorithm parameters out of range (digest length, key length)
#define CKBCRYPTO_ERR_NO_OUTPUT -6        // the group has no output cell to check
#define CKBCRYPTO_ERR_MISMATCH -7         // a digest or a verification did not match
#define CKBCRYPTO_ERR_NO_HEADERS -8       // the transaction has no header deps to check
#define CKBCRYPTO_ERR_COMPACT_TARGET -9   // a header's compact target is zero or overflows
#define CKBCRYPTO_ERR_POW -10             // a header's proof of work exceeds its target
#define CKBCRYPTO_ERR_LINKAGE -11         // a header is not the child of the one before it
#define CKBCRYPTO_ERR_NO_WITNESS -12      // the witness the script reads is missing
#define CKBCRYPTO_ERR_WITNESS_SIZE -13    // a witness the signing message covers exceeds 32,768 bytes
#define CKBCRYPTO_ERR_SIGNATURE -14       // a signature's length, encoding, r, s or recovery id is invalid
#define CKBCRYPTO_ERR_RECOVER -15         // no public key recovers from the signature and message
#define CKBCRYPTO_ERR_PUBLIC_KEY -16      // a public key is malformed or not on the curve
#define CKBCRYPTO_ERR_CERTIFICATE -17     // a certificate is malformed or outside the on-chain profile
#define CKBCRYPTO_ERR_CHAIN -18           // a chain rule fails: names, basicConstraints, keyUsage, pathLen, extensions
#define CKBCRYPTO_ERR_VALIDITY -19        // a certificate is not valid at the chain's time
#define CKBCRYPTO_ERR_ANCHOR -20          // the trust anchor's key is not the one the args pin
#define CKBCRYPTO_ERR_IDENTITY -21        // no subject or subjectAltName of the leaf hashes to the args' identity

#endif
