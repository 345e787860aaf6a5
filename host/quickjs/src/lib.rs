//! The JS VM thread of the native host (being written).
