package dev.hpm.cim.schema;

import dev.hpm.cim.CimType;

import java.util.List;

/** An extrinsic method: its return type, parameters and the class that declared it. */
public record MethodDef(String name, CimType returnType, List<ParamDef> params, String origin) {
    public MethodDef {
        params = List.copyOf(params);
    }

    public MethodDef withOrigin(String o) {
        return new MethodDef(name, returnType, params, o);
    }
}
