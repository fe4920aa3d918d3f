//! Sending notifications with retries, recording every attempt.
