package dev.hpm.cim.schema;

import dev.hpm.cim.CimType;

/** A method parameter: its type, whether it is an array, its reference class, IN and OUT. */
public record ParamDef(String name, CimType type, boolean array, String refClass, boolean in, boolean out,
                       boolean embeddedInstance) {
}
