import CKBHash
