//! The store port on DynamoDB exactly as docs/storage-layout.md describes the table, so
//! items and tokens cross runtimes.

use std::collections::HashMap;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{DisplayErrorContext, SdkError};
use aws_sdk_dynamodb::operation::delete_item::DeleteItemError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};

use crate::domain::{Item, ItemInput, format_price};
use crate::store::{Page, Store, StoreError};
use crate::tracing_xray::XRayInterceptor;

/// The DynamoDB adapter of Store.
pub struct DynamoDbStore {
    client: Client,
    table: String,
}

impl DynamoDbStore {
    /// Wraps a client and a table name.
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        DynamoDbStore {
            client,
            table: table.into(),
        }
    }

    /// Builds the client once, at init, from TABLE_NAME, AWS_REGION and the optional
    /// DYNAMODB_ENDPOINT (a local dynalite). A local endpoint without credentials in the
    /// environment gets dummy ones: dynalite does not check signatures, and the SDK would
    /// otherwise go looking for an instance role.
    pub async fn from_env() -> Result<Self, String> {
        let table = std::env::var("TABLE_NAME")
            .ok()
            .filter(|t| !t.is_empty())
            .ok_or("TABLE_NAME is not set")?;
        let endpoint = std::env::var("DYNAMODB_ENDPOINT")
            .ok()
            .filter(|e| !e.is_empty());
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
        if let Some(endpoint) = &endpoint {
            loader = loader.endpoint_url(endpoint);
            if std::env::var_os("AWS_ACCESS_KEY_ID").is_none() {
                loader = loader.credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
                    "local", "local", None, None, "local",
                ));
            }
        }
        let sdk_config = loader.load().await;
        let region = sdk_config
            .region()
            .map(|r| r.to_string())
            .unwrap_or_default();
        // Every call goes through the X-Ray interceptor (it sends only for sampled traces).
        let config = aws_sdk_dynamodb::config::Builder::from(&sdk_config)
            .interceptor(XRayInterceptor::from_env(&table, &region))
            .build();
        Ok(DynamoDbStore::new(Client::from_conf(config), table))
    }
}

fn key(id: &str) -> HashMap<String, AttributeValue> {
    HashMap::from([("id".to_string(), AttributeValue::S(id.to_string()))])
}

fn failed<E, R>(err: SdkError<E, R>) -> StoreError
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug,
{
    StoreError::Failed(DisplayErrorContext(err).to_string())
}

/// A write conditioned on `attribute_exists(#id)`: a failed condition means the item is not
/// there; any other error is a failure. Each operation has its own error type, hence the test.
fn missing_or_failed<E, R>(err: SdkError<E, R>, condition_failed: impl Fn(&E) -> bool) -> StoreError
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug,
{
    if err.as_service_error().is_some_and(condition_failed) {
        StoreError::NotFound
    } else {
        failed(err)
    }
}

/// The item's attribute layout. The price's N is the shortest text that round-trips; an
/// absent description is left out (never NULL); an empty one is stored as S "".
fn encode(item: &Item) -> HashMap<String, AttributeValue> {
    let mut av = HashMap::from([
        ("id".to_string(), AttributeValue::S(item.id.clone())),
        ("name".to_string(), AttributeValue::S(item.name.clone())),
        (
            "price".to_string(),
            AttributeValue::N(format_price(item.price)),
        ),
        (
            "createdAt".to_string(),
            AttributeValue::S(item.created_at.clone()),
        ),
        (
            "updatedAt".to_string(),
            AttributeValue::S(item.updated_at.clone()),
        ),
    ]);
    if let Some(description) = &item.description {
        av.insert(
            "description".to_string(),
            AttributeValue::S(description.clone()),
        );
    }
    av
}

/// Reads the layout's attributes and ignores any others.
fn decode(av: &HashMap<String, AttributeValue>) -> Result<Item, StoreError> {
    let string = |name: &str| match av.get(name) {
        Some(AttributeValue::S(s)) => Ok(s.clone()),
        _ => Err(StoreError::Failed(format!(
            "decoding item: {name} is not a string"
        ))),
    };
    let price = match av.get("price") {
        Some(AttributeValue::N(n)) => n
            .parse::<f64>()
            .map_err(|e| StoreError::Failed(format!("decoding price: {e}")))?,
        _ => {
            return Err(StoreError::Failed(
                "decoding item: price is not a number".into(),
            ));
        }
    };
    Ok(Item {
        id: string("id")?,
        name: string("name")?,
        description: av
            .get("description")
            .map(|_| string("description"))
            .transpose()?,
        price,
        created_at: string("createdAt")?,
        updated_at: string("updatedAt")?,
    })
}

impl Store for DynamoDbStore {
    /// Puts the item on the condition that its id is new.
    async fn create(&self, item: &Item) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(encode(item)))
            .condition_expression("attribute_not_exists(#id)")
            .expression_attribute_names("#id", "id")
            .send()
            .await
            .map_err(failed)?;
        Ok(())
    }

    /// Reads the item with a consistent read.
    async fn get(&self, id: &str) -> Result<Item, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(id)))
            .consistent_read(true)
            .send()
            .await
            .map_err(failed)?;
        decode(out.item.as_ref().ok_or(StoreError::NotFound)?)
    }

    /// Updates the item in place on the condition that it exists.
    async fn replace(
        &self,
        id: &str,
        input: &ItemInput,
        updated_at: &str,
    ) -> Result<Item, StoreError> {
        let mut update = "SET #name = :name, #price = :price, #updatedAt = :updatedAt".to_string();
        let mut request = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key(id)))
            .condition_expression("attribute_exists(#id)")
            .expression_attribute_names("#id", "id")
            .expression_attribute_names("#name", "name")
            .expression_attribute_names("#price", "price")
            .expression_attribute_names("#updatedAt", "updatedAt")
            .expression_attribute_names("#description", "description")
            .expression_attribute_values(":name", AttributeValue::S(input.name.clone()))
            .expression_attribute_values(":price", AttributeValue::N(format_price(input.price)))
            .expression_attribute_values(":updatedAt", AttributeValue::S(updated_at.to_string()))
            .return_values(ReturnValue::AllNew);
        match &input.description {
            None => update.push_str(" REMOVE #description"),
            Some(description) => {
                update.push_str(", #description = :description");
                request = request.expression_attribute_values(
                    ":description",
                    AttributeValue::S(description.clone()),
                );
            }
        }
        let out = request
            .update_expression(update)
            .send()
            .await
            .map_err(|err| {
                missing_or_failed(err, UpdateItemError::is_conditional_check_failed_exception)
            })?;
        decode(out.attributes.as_ref().ok_or(StoreError::NotFound)?)
    }

    /// Removes the item on the condition that it exists.
    async fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key(id)))
            .condition_expression("attribute_exists(#id)")
            .expression_attribute_names("#id", "id")
            .send()
            .await
            .map_err(|err| {
                missing_or_failed(err, DeleteItemError::is_conditional_check_failed_exception)
            })?;
        Ok(())
    }

    /// Scans one page with a consistent read.
    async fn list(&self, limit: usize, start_after: Option<&str>) -> Result<Page, StoreError> {
        let out = self
            .client
            .scan()
            .table_name(&self.table)
            .limit(limit as i32)
            .consistent_read(true)
            .set_exclusive_start_key(start_after.map(key))
            .send()
            .await
            .map_err(failed)?;
        let items = out
            .items()
            .iter()
            .map(decode)
            .collect::<Result<Vec<_>, _>>()?;
        let last_id = match out.last_evaluated_key().and_then(|k| k.get("id")) {
            Some(AttributeValue::S(id)) => Some(id.clone()),
            _ => None,
        };
        Ok(Page { items, last_id })
    }
}
