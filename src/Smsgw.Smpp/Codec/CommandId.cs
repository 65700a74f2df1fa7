namespace Smsgw.Smpp.Codec;

/// <summary>The SMPP 3.4 <c>command_id</c> values (SMPP 3.4 §5.1.2.1). A response id is its request id with bit 31 set.</summary>
public enum CommandId : uint
{
    /// <summary><c>generic_nack</c> 0x80000000 (§4.3.1).</summary>
    GenericNack = 0x80000000,

    /// <summary><c>bind_receiver</c> 0x00000001 (§4.1.3).</summary>
    BindReceiver = 0x00000001,

    /// <summary><c>bind_receiver_resp</c> 0x80000001 (§4.1.4).</summary>
    BindReceiverResp = 0x80000001,

    /// <summary><c>bind_transmitter</c> 0x00000002 (§4.1.1).</summary>
    BindTransmitter = 0x00000002,

    /// <summary><c>bind_transmitter_resp</c> 0x80000002 (§4.1.2).</summary>
    BindTransmitterResp = 0x80000002,

    /// <summary><c>query_sm</c> 0x00000003 (§4.8.1).</summary>
    QuerySm = 0x00000003,

    /// <summary><c>query_sm_resp</c> 0x80000003 (§4.8.2).</summary>
    QuerySmResp = 0x80000003,

    /// <summary><c>submit_sm</c> 0x00000004 (§4.4.1).</summary>
    SubmitSm = 0x00000004,

    /// <summary><c>submit_sm_resp</c> 0x80000004 (§4.4.2).</summary>
    SubmitSmResp = 0x80000004,

    /// <summary><c>deliver_sm</c> 0x00000005 (§4.6.1).</summary>
    DeliverSm = 0x00000005,

    /// <summary><c>deliver_sm_resp</c> 0x80000005 (§4.6.2).</summary>
    DeliverSmResp = 0x80000005,

    /// <summary><c>unbind</c> 0x00000006 (§4.2.1).</summary>
    Unbind = 0x00000006,

    /// <summary><c>unbind_resp</c> 0x80000006 (§4.2.2).</summary>
    UnbindResp = 0x80000006,

    /// <summary><c>replace_sm</c> 0x00000007 (§4.10.1).</summary>
    ReplaceSm = 0x00000007,

    /// <summary><c>replace_sm_resp</c> 0x80000007 (§4.10.2).</summary>
    ReplaceSmResp = 0x80000007,

    /// <summary><c>cancel_sm</c> 0x00000008 (§4.9.1).</summary>
    CancelSm = 0x00000008,

    /// <summary><c>cancel_sm_resp</c> 0x80000008 (§4.9.2).</summary>
    CancelSmResp = 0x80000008,

    /// <summary><c>bind_transceiver</c> 0x00000009 (§4.1.5).</summary>
    BindTransceiver = 0x00000009,

    /// <summary><c>bind_transceiver_resp</c> 0x80000009 (§4.1.6).</summary>
    BindTransceiverResp = 0x80000009,

    /// <summary><c>outbind</c> 0x0000000B (§4.1.7); it has no response.</summary>
    Outbind = 0x0000000B,

    /// <summary><c>enquire_link</c> 0x00000015 (§4.11.1).</summary>
    EnquireLink = 0x00000015,

    /// <summary><c>enquire_link_resp</c> 0x80000015 (§4.11.2).</summary>
    EnquireLinkResp = 0x80000015,

    /// <summary><c>submit_multi</c> 0x00000021 (§4.5.1).</summary>
    SubmitMulti = 0x00000021,

    /// <summary><c>submit_multi_resp</c> 0x80000021 (§4.5.2).</summary>
    SubmitMultiResp = 0x80000021,

    /// <summary><c>alert_notification</c> 0x00000102 (§4.12.1); it has no response.</summary>
    AlertNotification = 0x00000102,

    /// <summary><c>data_sm</c> 0x00000103 (§4.7.1).</summary>
    DataSm = 0x00000103,

    /// <summary><c>data_sm_resp</c> 0x80000103 (§4.7.2).</summary>
    DataSmResp = 0x80000103,
}
