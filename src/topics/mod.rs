//! Topics (in progress)
