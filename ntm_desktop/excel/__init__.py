"""Excel in and out: safe opening of hostile files (safety), a fast sheet reader (rows), legacy
8-bit text (legacy_encoding), the legacy criteria table (table_import with its preview,
matching and writing; table_export) and commune data-collection templates (templates)."""
