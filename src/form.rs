//! The form-POST model `{action, method, enctype, fields}` and its safe HTML rendering (grown by the
//! payment-redirects issue).
