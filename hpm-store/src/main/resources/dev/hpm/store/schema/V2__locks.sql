-- HPM store, schema version 2: a row whose lock serialises every change of users and roles, so
-- that the check "another admin remains" and the change it guards run one after the other (also
-- between managers sharing PostgreSQL). Its value is never read.
INSERT INTO store_settings (name, setting_value) VALUES ('lock.users', 'locked by changes of users');
