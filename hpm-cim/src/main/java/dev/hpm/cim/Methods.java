package dev.hpm.cim;

import dev.hpm.cim.model.CimSource;
import dev.hpm.cim.model.CimSource.VirtualSystem;
import dev.hpm.cim.model.Model;
import dev.hpm.cim.model.Paths;
import dev.hpm.cim.schema.ClassDef;
import dev.hpm.cim.schema.MethodDef;
import dev.hpm.cim.xml.CimRequest;
import dev.hpm.cim.xml.ResponseWriter;
import dev.hpm.core.driver.DomainAction;
import dev.hpm.core.driver.DriverException;
import dev.hpm.core.driver.HypervisorDriver;


/**
 * The extrinsic methods HPM carries out: {@code RequestStateChange} on a virtual system, through its
 * host's driver, answered with DSP1057's return codes, and {@code ModifyResourceSettings} on a
 * host's {@code KVM_VirtualSystemManagementService}, changing a processor setting's {@code Weight}
 * ({@code cpu_shares}) or {@code Limit} (cap, percent of one CPU). Only admins may call them; a
 * viewer gets {@code CIM_ERR_ACCESS_DENIED}.
 */
final class Methods {
    /** DSP1057's RequestStateChange return codes. */
    static final long COMPLETED = 0;
    static final long NOT_SUPPORTED = 1;
    static final long FAILED = 4;
    static final long INVALID_PARAMETER = 5;
    static final long INVALID_STATE_TRANSITION = 4097;
    static final long TIMEOUT_NOT_SUPPORTED = 4098;
    private final CimSource source;

    Methods(CimSource source) {
        this.source = source;
    }

    void call(CimRequest.Extrinsic r, String ns, Caller caller, Model model, ResponseWriter out) {
        ClassDef c = model.schema().require(ns, r.target().className());
        MethodDef m = model.schema().methods(c).stream().filter(x -> x.name().equalsIgnoreCase(r.method())).findFirst()
                .orElseThrow(() -> new CimException(CimException.METHOD_NOT_FOUND,
                        c.name() + " has no method " + r.method()));
        if (!caller.mayChange()) {
            throw new CimException(CimException.ACCESS_DENIED, caller.user() + " is a viewer; " + m.name()
                    + " changes a virtual system and needs an admin");
        }
        switch (m.name()) {
            case "RequestStateChange" -> out.returnValue(m.returnType(), requestStateChange(r, ns, c, model, caller));
            case "ModifyResourceSettings" -> {
                modify(r, ns, model, caller);
                // No ResultingResourceSettings: sblim-wbemcli 1.6.3 cannot read a VALUE.REFARRAY output
                // ("Bad attribute list for VALUE"), and the setting changed is the one the caller named.
                out.returnValue(m.returnType(), COMPLETED);
            }
            default -> throw CimException.notSupported(m.name() + " is not supported by HPM");
        }
    }

    private long requestStateChange(CimRequest.Extrinsic r, String ns, ClassDef c, Model model, Caller caller) {
        if (r.target().keys().isEmpty()) {
            throw CimException.invalidParameter("call RequestStateChange on an instance, not on the class");
        }
        Operations.require(model, r.target(), ns);
        if (!c.name().equals(Paths.COMPUTER_SYSTEM)) {
            return NOT_SUPPORTED;
        }
        if (r.param("TimeoutPeriod") != null) {
            return TIMEOUT_NOT_SUPPORTED;
        }
        Object requested = r.param("RequestedState");
        if (!(requested instanceof String text)) {
            throw CimException.invalidParameter("RequestStateChange needs RequestedState (2, 3, 4, 9, 10 or 11)");
        }
        long state;
        try {
            state = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw CimException.invalidParameter("RequestedState must be a uint16, not \"" + text + "\"");
        }
        VirtualSystem v = model.system(r.target());
        long now = Model.enabledState(source.currentState(v));
        if (state == 6 || state == 7 || state == 8) {
            return NOT_SUPPORTED; // offline, test, defer
        }
        DomainAction action = switch ((int) state) {
            case 2 -> now == 9 ? DomainAction.RESUME : now == 2 ? null : DomainAction.START;
            case 3 -> DomainAction.DESTROY;
            case 4 -> DomainAction.SHUTDOWN;
            case 9 -> DomainAction.PAUSE;
            case 10 -> DomainAction.REBOOT;
            case 11 -> DomainAction.RESET;
            default -> null;
        };
        if (action == null) {
            return state == 2 || state == 5 ? COMPLETED : INVALID_PARAMETER; // already enabled; 5 is "no change"
        }
        try {
            source.changeState(caller.user(), v, action);
            return COMPLETED;
        } catch (DriverException e) {
            return e.code() == HypervisorDriver.OPERATION_INVALID ? INVALID_STATE_TRANSITION : FAILED;
        } catch (CimSource.Refused e) {
            return FAILED;
        }
    }

    private ResourceSettings.Change modify(CimRequest.Extrinsic r, String ns, Model model, Caller caller) {
        if (!r.target().keys().isEmpty()) {
            Operations.require(model, r.target(), ns);
        }
        ResourceSettings.Change change = ResourceSettings.read(r.param("ResourceSettings"));
        VirtualSystem v = model.system(Paths.system(change.system()));
        if (v == null) {
            throw new CimException(CimException.NOT_FOUND, "no KVM_ProcResourceAllocationSettingData with InstanceID \""
                    + change.system() + "/proc\"");
        }
        try {
            source.setProcessor(caller.user(), v, change.weight(), change.limit());
        } catch (CimSource.Refused e) {
            throw new CimException(CimException.FAILED, e.getMessage());
        } catch (DriverException e) {
            throw new CimException(CimException.FAILED, v.name() + ": the hypervisor refused: " + e.getMessage());
        }
        return change;
    }
}
