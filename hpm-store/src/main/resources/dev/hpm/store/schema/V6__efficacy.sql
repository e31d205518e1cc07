-- HPM store, schema version 6: the efficacy record. An adjustment's pi_achieved is its receiver's PI
-- measured over the next interval on its host (NULL until then, or if the receiver had no velocity).
ALTER TABLE adjustments ADD COLUMN pi_achieved DOUBLE PRECISION;
