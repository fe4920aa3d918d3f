//! The sans-IO HTTP model shared by the three clients: requests, responses, retry policy, idempotency keys.
