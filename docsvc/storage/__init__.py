"""Object storage behind one interface: a local folder (embedded default) or any S3-compatible server.

Objects are immutable and content-addressed: a document's key is derived from its sha256, so the same bytes
always land on the same key and nothing is ever overwritten.
"""

from docsvc.storage.base import ObjectInfo, ObjectStore, StorageError, StorageUnavailable, content_key, put_bytes

__all__ = ["ObjectInfo", "ObjectStore", "StorageError", "StorageUnavailable", "content_key", "put_bytes"]
