package dev.hpm.sasp;

import java.util.List;
import java.util.Objects;

/**
 * A SASP message (RFC 4678): the header's version and message ID, and one message component.
 * Strings (LB UIDs, group names, labels) are carried as bytes read as ISO-8859-1, so that every
 * byte survives decoding and encoding.
 */
public record SaspMessage(int version, int messageId, Body body) {
    /** The only version RFC 4678 defines. */
    public static final int VERSION = 1;

    public SaspMessage {
        Objects.requireNonNull(body, "body");
    }

    /** The message component. */
    public sealed interface Body permits RegistrationRequest, DeregistrationRequest, GetWeightsRequest, SendWeights,
            SetLbStateRequest, SetMemberStateRequest, Reply {
        /** The message type code. */
        int type();
    }

    /** A reply: its return code. */
    public sealed interface Reply extends Body permits RegistrationReply, DeregistrationReply, SetLbStateReply,
            SetMemberStateReply, GetWeightsReply {
        int code();
    }

    // ---- components -------------------------------------------------------------------------

    /** Member Data (0x3010): protocol (IP protocol number), port, address, label. */
    public record MemberData(int protocol, int port, Ip16 address, String label) {
        public MemberData {
            Objects.requireNonNull(address, "address");
            label = label == null ? "" : label;
        }

        /** The member's identity within its group: protocol, port and address (the label is free text). */
        public String key() {
            return protocol + "/" + address + "/" + port;
        }
    }

    /** Group Data (0x3011): the LB UID and the group name. */
    public record GroupData(String lbUid, String groupName) {
    }

    /** Group of Member Data (0x4010). */
    public record GroupMembers(GroupData group, List<MemberData> members) {
        public GroupMembers {
            members = List.copyOf(members);
        }
    }

    /** Weight Entry Data (0x3012): a member's state byte, flags and weight (unsigned 16 bits). */
    public record WeightEntry(MemberData member, int state, int flags, int weight) {
        public static final int CONTACT_SUCCESS = 0x01;
        public static final int QUIESCE = 0x02;
        public static final int REGISTRATION = 0x04;
        public static final int CONFIDENT = 0x08;
    }

    /** Group of Weight Entry Data (0x4011). */
    public record GroupWeights(GroupData group, List<WeightEntry> entries) {
        public GroupWeights {
            entries = List.copyOf(entries);
        }
    }

    /** Member State Instance (0x3013): the state a member sets and the quiesce flag. */
    public record MemberState(MemberData member, int state, int flags) {
        public static final int QUIESCE = 0x01;

        public boolean quiesce() {
            return (flags & QUIESCE) != 0;
        }
    }

    /** Group of Member State Data (0x4012). */
    public record GroupMemberStates(GroupData group, List<MemberState> members) {
        public GroupMemberStates {
            members = List.copyOf(members);
        }
    }

    // ---- messages ---------------------------------------------------------------------------

    /** 0x1010; {@code fromLb} false: a member registers itself (only for an LB that set the trust flag). */
    public record RegistrationRequest(boolean fromLb, List<GroupMembers> groups) implements Body {
        public RegistrationRequest {
            groups = List.copyOf(groups);
        }

        public int type() {
            return SaspCodec.REGISTRATION_REQUEST;
        }
    }

    /** 0x1015. */
    public record RegistrationReply(int code) implements Reply {
        public int type() {
            return SaspCodec.REGISTRATION_REPLY;
        }
    }

    /** 0x1020; a group without members removes the whole group. */
    public record DeregistrationRequest(boolean fromLb, int reason, List<GroupMembers> groups) implements Body {
        public DeregistrationRequest {
            groups = List.copyOf(groups);
        }

        public int type() {
            return SaspCodec.DEREGISTRATION_REQUEST;
        }
    }

    /** 0x1025. */
    public record DeregistrationReply(int code) implements Reply {
        public int type() {
            return SaspCodec.DEREGISTRATION_REPLY;
        }
    }

    /** 0x1030. */
    public record GetWeightsRequest(List<GroupData> groups) implements Body {
        public GetWeightsRequest {
            groups = List.copyOf(groups);
        }

        public int type() {
            return SaspCodec.GET_WEIGHTS_REQUEST;
        }
    }

    /** 0x1035; {@code interval} the suggested polling interval in seconds. */
    public record GetWeightsReply(int code, int interval, List<GroupWeights> groups) implements Reply {
        public GetWeightsReply {
            groups = List.copyOf(groups);
        }

        public int type() {
            return SaspCodec.GET_WEIGHTS_REPLY;
        }
    }

    /** 0x1040: the GWM pushes weights to an LB that set the push flag. */
    public record SendWeights(List<GroupWeights> groups) implements Body {
        public SendWeights {
            groups = List.copyOf(groups);
        }

        public int type() {
            return SaspCodec.SEND_WEIGHTS;
        }
    }

    /** 0x1050: the LB's UID, health (0 … 127) and flags (push, trust, no-change). */
    public record SetLbStateRequest(String lbUid, int health, int flags) implements Body {
        public static final int PUSH = 0x01;
        public static final int TRUST = 0x02;
        public static final int NO_CHANGE = 0x04;

        public int type() {
            return SaspCodec.SET_LB_STATE_REQUEST;
        }
    }

    /** 0x1055. */
    public record SetLbStateReply(int code) implements Reply {
        public int type() {
            return SaspCodec.SET_LB_STATE_REPLY;
        }
    }

    /** 0x1060: quiesce or resume members, or a member's own state. */
    public record SetMemberStateRequest(boolean fromLb, List<GroupMemberStates> groups) implements Body {
        public SetMemberStateRequest {
            groups = List.copyOf(groups);
        }

        public int type() {
            return SaspCodec.SET_MEMBER_STATE_REQUEST;
        }
    }

    /** 0x1065. */
    public record SetMemberStateReply(int code) implements Reply {
        public int type() {
            return SaspCodec.SET_MEMBER_STATE_REPLY;
        }
    }
}
