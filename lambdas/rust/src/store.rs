//! The port between the app and the items table: what the app needs, not how DynamoDB
//! does it. dynamodb_store implements it; tests use a fake.

use std::future::Future;

use crate::domain::{Item, ItemInput};

/// What can go wrong in a store.
#[derive(Debug, PartialEq, Eq)]
pub enum StoreError {
    /// No item has the id.
    NotFound,
    /// Anything else (the table is unreachable, say): the server's fault.
    Failed(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::NotFound => write!(f, "item not found"),
            StoreError::Failed(reason) => write!(f, "{reason}"),
        }
    }
}

/// One page of a scan; `last_id` is None when the scan reached the end of the table.
#[derive(Debug, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
    pub last_id: Option<String>,
}

/// Persists items.
pub trait Store: Send + Sync + 'static {
    /// Stores a new item; its id must not exist.
    fn create(&self, item: &Item) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The item, or NotFound.
    fn get(&self, id: &str) -> impl Future<Output = Result<Item, StoreError>> + Send;
    /// Overwrites name, price and description (removed when None), sets updatedAt, keeps
    /// createdAt, and returns the item as stored now; NotFound when absent.
    fn replace(
        &self,
        id: &str,
        input: &ItemInput,
        updated_at: &str,
    ) -> impl Future<Output = Result<Item, StoreError>> + Send;
    /// Removes the item, or NotFound.
    fn delete(&self, id: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Up to `limit` items in storage order, starting after `start_after` when given.
    fn list(
        &self,
        limit: usize,
        start_after: Option<&str>,
    ) -> impl Future<Output = Result<Page, StoreError>> + Send;
}
