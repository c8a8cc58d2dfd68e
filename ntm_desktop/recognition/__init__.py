"""A commune's recognitions (đạt chuẩn NTM, nâng cao, kiểu mẫu, hiện đại) and their revocations."""
