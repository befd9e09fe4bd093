import CKBBigInt
import CKBBytes
import CKBRSA

/// Fixed RSA test material for `ckbcrypto contracts`: public keys (SubjectPublicKeyInfo DER) and
/// PKCS#1 v1.5 SHA-256 signatures of the message "ckbcrypto", made once with OpenSSL
/// (`openssl dgst -sha256 -sign`); the private keys were not kept.
package enum RSAFixtures {
    static let message = Array("ckbcrypto".utf8)

    static let key2048 = try! RSA.PublicKey(derRepresentation: try! Hex.decode(
        "30820122300d06092a864886f70d01010105000382010f003082010a0282010100a33b10c769606cf432295b687e102a"
        + "358432c57c4e57a8a5857cfaf900840b5cef2efcf9a5599120560be1c6641b26528d353a282cc4f72465a146893125ab"
        + "277e42bbb521b08dc1e18b665113e66d8de15c7b38e06ee52d6c11951a6d2bf76ac8f2df7cdbd7aafc6cd223f61b4185"
        + "58fc1dce8215d5a66fd295ef75dc8907608df79d30ba6cc20e26754c4fb1139b8a8799b3ec8e6e6912fb29f43a45268e"
        + "70cdd8d32dfc7c8d72ad85092b1dfce3273f87b4b02fe204b8030ac6e8836e441dcdaefb3f11c1d4d09a4da6ea49e72d"
        + "f0e0e6fcd80fd73398141dcf932a005e72aa22949e57bb3a5ec4bb5657fb2bae70f849b639740d1e93a174ecd43a8f7e"
        + "090203010001"))
    static let signature2048: [UInt8] = try! Hex.decode(
        "8fa260cfc4e671a91acd021fd4ff8239fe0956f691a2ba383b62a5e484e9ce4039ee7c538544fd8f380e756e81677daa"
        + "7e72dbda401916f6eb461ad1a6f48048bd1d010fe542f9d35cb57166ca807e26e41abe1b4848d148e5c570416a1b95bc"
        + "041b89b2ba03b6975c9722ce456805e6987db433061088a72d5e3f08c1e043eb5ab5d08c7ac6714967f039d9d2975fb3"
        + "ad52c189297f73fa9383eb11376320520a7558c328deb91925240f94ea2d5fd5c836766d126a7d4d91b71c0e65b269bf"
        + "d674118ff4461f9678519fb7956fd1fe0e033db621b382ce495f55c91122237f05f9fc58bc437da55d68043483883c37"
        + "773acf871a80776e43d256309def4d5f")

    static let key4096 = try! RSA.PublicKey(derRepresentation: try! Hex.decode(
        "30820222300d06092a864886f70d01010105000382020f003082020a0282020100bfd6273d4b9d587b714a3985b77eb0"
        + "af0e517f62fddb4845a0de6fd73efba2b297bd6699de8af83f2dac619d76c38c70ab2203404db6c76fcecad824234459"
        + "32fb5a458f76e44599438abaa47d2e13f6b2b516b393a931e45f3a3a501ad36d5df9cad07a1dcaa3b90bc2936d5b3b8e"
        + "9e5ecb7db46374a614bf06de6a23a9d5ba3c64609bdedc2c05760571c70e9582db1854cddc5047bdd949f1bbcf90da7c"
        + "aef51a0a643a9fb787c6290d1f21abd5bfc4fecce95ef5a55095a98ffd7e1796607fcc7ab518c1ae83771a2012e8788b"
        + "a8b2cf820c1a9d8ea1b9348472fbae61b193cb4b50d063287460eb273bdcfb6bff5f83c75a8348cdddf453570f74c788"
        + "6df5ee39c2f4bd9aa8dc5e793e9e1ba132d0aa4bc5953aeddc9b131ad5698471269d335268446896ebb5e4aada32ba5f"
        + "971c3faeae1b9fbad714a165b2fbad1ec1f4ee6ef8f922b5344fd2aa42a67d1771694955534be49148d331906be2a47b"
        + "9a090896088ebd164680e38f2fbda475f9e0c60bb9b7e1f7cb73899104862b75e743bec20848ffd4d256bf3a88b42099"
        + "7ada8228def0361a614fcf48ca6981ec323b38f422f690bae5a8f7d470aaa129a6fb5b4e011be72cfff69eba40262255"
        + "97ac21afebe043cbeb348f26aa9017b58d23a2999d3e14eb9ffabec77a2713b4539a68fcef744913ee800f0f6a52da9d"
        + "1095929786c5ea5387124d9cb8b13f30ab0203010001"))
    static let signature4096: [UInt8] = try! Hex.decode(
        "0c1c434d0501b926760bf9287210fcadfbfaf81bf3dfde4867271e821d8832ca0ee306ca516da15198407528a22b9845"
        + "38acbd993454279ee9ddb04aaded0458ff0566186545025db61605d28dc2143614b676b7387edc798bf031cd0c4e3d27"
        + "57a108aebd55570d512762cce8db52dfcfc26fe7854e4534145a1dffb4659f428d688e23bf2c3c76241b39f3e486582d"
        + "e03225148fb55254f2dcd4a63ec841944c21c2d11a33cca37343f1f7349add879da2a9dcab36b3b4904b850e6f68abb8"
        + "f31acc2a3b77665f33f5dff7e7cdeed23c7f5f348b698a7752a07f2aa9a786f6ffbf7e334f7348f656e52d62e797d289"
        + "ce83719f097746cd474af10b23c902c126ac45146c81068f2c01b5e4b9fceeb508ea5d4c62866696b5d5442dab4a2949"
        + "cc9ad3ad480cbaa4330b05bb87dfb72dd722fa9d6956f2d258ad6d07bdac29571a560b4c6b6d827f36259dd47d067b2c"
        + "ad73d73cc676ab65ceecfcbec1ffc1383679f5a198665b171072fd6423f431ddce8d8a45518d882622b8df6dd9d02ca3"
        + "45b9cea3869c90d7bd94e5556143edb4897907582e6f8c6b87a0bbea772992bb336723535847788d724f6131b92bdf27"
        + "d2a0c7b7286f750e255c9e30c25f48b0f1ac444e6dfeabdbd87bd5f7f49fcf95b4b4c10bb8935810cd8e225b9dd433e7"
        + "dd88a8727e0c4fd75c28e4e42ab31b85679cb03a0bf27036ad1da240cc100eb4")


    // MARK: - Signing keys for measurement

    /// Two throwaway test keys whose private exponents are published here on purpose, so that
    /// `ckbcrypto contracts` can sign a transaction for `rsa_sighash_all` without OpenSSL. Never
    /// use them for anything else.
    package static let signingKey2048 = try! RSA.PublicKey(derRepresentation: try! Hex.decode(
        "30820122300d06092a864886f70d01010105000382010f003082010a0282010100afef4bb02fca149be16f05f2e1c33d"
        + "6bf29f66006469ea856653f1da2b9c7188010cc65377d5ee71b927c02105517ad651b7fdc4b540e53268547bd5ebc9c7"
        + "4d6fffa03b2c6c9475caadeba0a2813b60e5f7a27d4a4db5733433b36284d598b7b089918f74ff3d732610f1e7888585"
        + "17402cdfc1cadcd94694afab64d1cc4fe71a35c6600e457b3999fe4fb0a0a1b724a8b7f7293e01d3118b05990a538469"
        + "193ba7ec9cab4ac6f622c69f73b50eedffba1d667cbc6159e3b6cdb33b14fdceed29770483716d742f00bde17e32d51f"
        + "251bacecbef940f495c25226ef8fb74564f51069cd05604ff52bc27c5936de7227d40e842b11a89a35ce5acf89864fda"
        + "230203010001"))
    package static let privateExponent2048: [UInt8] = try! Hex.decode(
        "2945e3853128e09dd30c77224c093feb078f925fcc2eb6c855c1a2aeb2657092dde02fd49bfbd184d7517676a8a73d40"
        + "730a4d5bacc3cd20feadb7216fbfb5e43a3e8749ea798c7877b4465f385045ec4cf6c3a54ddd9e10293269c656703f73"
        + "f453c99494775e64998d071af081963fe69bc06057a568c9708f278faed215fa370842dadf5a7e1e076a09e0f176ed3f"
        + "4826e8331cf476577b2c8ebd4f1b57e2e636b25aecf90ab41aa25802e32f2595e1ee6f66203095951133fd5d2df43934"
        + "0fabd929f77b74d9cc11688756f2bff805767ff357bc1bad3abe08833e861aadb6da40151e7c210abbf956901d59a6d9"
        + "1b4e9c157a8aa44120822147b4601e51")
    static let signingKey4096 = try! RSA.PublicKey(derRepresentation: try! Hex.decode(
        "30820222300d06092a864886f70d01010105000382020f003082020a0282020100edd474594dad42753abe56be5710dc"
        + "35a0170027e0eea86384bbadd01b71bf1e94d50db26b717981674b32f6538dd4dc333778b3976d55f12104378f0ed16f"
        + "95b2092df1f02fa0a1a2a47fb9ef496bce563df1e3024b741e790f38a0cf0b33023b382c213dbc21abe125311862c15c"
        + "f394c7e72c28b60cd9658d476ccb014844b586d68d8f03503158302acba74069afe8aa157a49ec399f5d6691a87f5528"
        + "92e6412141f89c9facbaa4ea00cd8c9efd258b9a155b1377124de80ffa633a05343afcaeb41fa256ca14d70c39354a2a"
        + "1b1bdd3b4605ef06cbbb31a93b842971e6e9685c00be0cff1b618d4809df38f10c3d2ce34f28f9642461d35e7b446fd5"
        + "76d242e8360a62b645f0694932199580cfc3b144279395a9932873e680435561d90486c8f7ed6f7135db2ec739f2c2de"
        + "6aa6b1997513712e3d8c4526f3018052c340ad1ad14c061d5b9248d540945f04f8c91afa1eb8f76c6b571e140b048d8e"
        + "ad14f2436613a8b2e326987f845c970f773875f587110196f6d58e6ebff9552399b7033ceda850109e2a80ec17733b43"
        + "1cdbe28ab30870e2ad366083e23e869fd4492fc7a9d7bb9bb1282c4e922c951858bdb9d67e14b0ee7c922900e4f9c220"
        + "c8c4d7277d2cb1e0c8abd187eb36ec47771dd29276109d03e3497a9936a7e33a15c51abc8dd717edac9367749a00eff4"
        + "96c69bff452b3620f6407332c844b55ab30203010001"))
    static let privateExponent4096: [UInt8] = try! Hex.decode(
        "01366ead1d9e7a90ddebf6fb851bcafdd133e4b893486732a3d6a891b1729f9c67959afb3e0355f3323fcfa12c21e6f7"
        + "ccd3d166649fc03b984b624722f11ce3ba9fad91693364468b58f15becdd48ab4481965013cef60cff2e96bddd48af21"
        + "724b523b123867e5330e5a7589f2083d5a1fce95c2e05771812321670b56a6f89948390c435e83e33d68fd1124c5a7ea"
        + "9e127a7488163e3654417b1d39be5cfcad79b5f2070302053116e6f947d0a68ea75dd1153a03c89f0a59f89ce8d9f4a7"
        + "518d9a422a2d13dd8dacc5b75979befdb8749e94ce257ed8ad70a57fd663ecde29da9672186cb12b55677ffa63ac51fa"
        + "b652be8bdc8705e3ac4a8fa33a49679d628089093c34cf328400c104765cd6747d6af15b86c03365d9574db8701a7b0d"
        + "c8292eff2c4eba08e40f25e7436d16b389deeb6a85c21eeb5ec60e1a96de0f2c8f719f526008582993defcc0d3b17e29"
        + "4c8397a27cafe1d1f2a6f8581da564e5d5b10d1a62ff927d29c9e718fc15d40cadf9189728d71bab42a6b8ec3e9a00f2"
        + "94247efe1bfc01108e911b38486a9fc03c01797c6d953d4f93ccccb43596ee7c4e843a829a6092e001ff434fa3704969"
        + "9492a274b54dd2ddb9bd7b8eb679abab247439f204ecddcdc1fc0a0e77d91db7d6ce7dde98a5d8964eb678a54c11497a"
        + "ffeada31b45e8f395a6093ddb975f83d8e68fdf606f730f891e4024edda08fd1")

    /// A PKCS#1 v1.5 signature of `digest` with one of the keys above: the encoded message to
    /// the private exponent. Variable time, which is only acceptable because these keys are public.
    package static func signVariableTime(digest: [UInt8], hash: RSA.Hash, key: RSA.PublicKey, privateExponent: [UInt8]) -> [UInt8] {
        let length = key.signatureByteCount
        let encoded = RSA.pkcs1v15EncodedMessage(digest: digest, hash: hash, length: length)!
        let context = try! MontgomeryContext(modulus: key.modulus)
        let signature = context.powerVariableTime(BigUInt(bigEndian: encoded), BigUInt(bigEndian: privateExponent))
        return signature.bigEndianBytes(count: length)!
    }
}
