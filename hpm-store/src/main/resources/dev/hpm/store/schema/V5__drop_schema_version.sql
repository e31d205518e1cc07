-- HPM store, schema version 5: the first version applied by Flyway rather than by HPM's own runner.
-- A database made before Flyway kept its versions in schema_version; on its first start with Flyway
-- the store baselines flyway_schema_history at the version recorded there (1 to 4), and this
-- migration then drops the old table, so that an older HPM started on the database afterwards fails
-- ("table ... already exists") instead of taking the schema for one it knows. On a new database the
-- table does not exist and this does nothing.
DROP TABLE IF EXISTS schema_version;
