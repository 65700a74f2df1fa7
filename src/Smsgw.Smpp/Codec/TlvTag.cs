namespace Smsgw.Smpp.Codec;

/// <summary>The optional parameter tags of SMPP 3.4 (§5.3.2, table 5-3). Other tags are carried as is.</summary>
public static class TlvTag
{
    /// <summary><c>dest_addr_subunit</c> 0x0005 (1 octet, §5.3.2).</summary>
    public const ushort DestAddrSubunit = 0x0005;

    /// <summary><c>dest_network_type</c> 0x0006 (1 octet, §5.3.2).</summary>
    public const ushort DestNetworkType = 0x0006;

    /// <summary><c>dest_bearer_type</c> 0x0007 (1 octet, §5.3.2).</summary>
    public const ushort DestBearerType = 0x0007;

    /// <summary><c>dest_telematics_id</c> 0x0008 (§5.3.2; its length is not checked).</summary>
    public const ushort DestTelematicsId = 0x0008;

    /// <summary><c>source_addr_subunit</c> 0x000D (1 octet, §5.3.2).</summary>
    public const ushort SourceAddrSubunit = 0x000D;

    /// <summary><c>source_network_type</c> 0x000E (1 octet, §5.3.2).</summary>
    public const ushort SourceNetworkType = 0x000E;

    /// <summary><c>source_bearer_type</c> 0x000F (1 octet, §5.3.2).</summary>
    public const ushort SourceBearerType = 0x000F;

    /// <summary><c>source_telematics_id</c> 0x0010 (§5.3.2; its length is not checked).</summary>
    public const ushort SourceTelematicsId = 0x0010;

    /// <summary><c>qos_time_to_live</c> 0x0017 (4 octets, §5.3.2).</summary>
    public const ushort QosTimeToLive = 0x0017;

    /// <summary><c>payload_type</c> 0x0019 (1 octet, §5.3.2).</summary>
    public const ushort PayloadType = 0x0019;

    /// <summary><c>additional_status_info_text</c> 0x001D (variable length, §5.3.2).</summary>
    public const ushort AdditionalStatusInfoText = 0x001D;

    /// <summary><c>receipted_message_id</c> 0x001E (variable length, §5.3.2).</summary>
    public const ushort ReceiptedMessageId = 0x001E;

    /// <summary><c>ms_msg_wait_facilities</c> 0x0030 (1 octet, §5.3.2).</summary>
    public const ushort MsMsgWaitFacilities = 0x0030;

    /// <summary><c>privacy_indicator</c> 0x0201 (1 octet, §5.3.2).</summary>
    public const ushort PrivacyIndicator = 0x0201;

    /// <summary><c>source_subaddress</c> 0x0202 (variable length, §5.3.2).</summary>
    public const ushort SourceSubaddress = 0x0202;

    /// <summary><c>dest_subaddress</c> 0x0203 (variable length, §5.3.2).</summary>
    public const ushort DestSubaddress = 0x0203;

    /// <summary><c>user_message_reference</c> 0x0204 (2 octets, §5.3.2).</summary>
    public const ushort UserMessageReference = 0x0204;

    /// <summary><c>user_response_code</c> 0x0205 (1 octet, §5.3.2).</summary>
    public const ushort UserResponseCode = 0x0205;

    /// <summary><c>source_port</c> 0x020A (2 octets, §5.3.2).</summary>
    public const ushort SourcePort = 0x020A;

    /// <summary><c>destination_port</c> 0x020B (2 octets, §5.3.2).</summary>
    public const ushort DestinationPort = 0x020B;

    /// <summary><c>sar_msg_ref_num</c> 0x020C (2 octets, §5.3.2).</summary>
    public const ushort SarMsgRefNum = 0x020C;

    /// <summary><c>language_indicator</c> 0x020D (1 octet, §5.3.2).</summary>
    public const ushort LanguageIndicator = 0x020D;

    /// <summary><c>sar_total_segments</c> 0x020E (1 octet, §5.3.2).</summary>
    public const ushort SarTotalSegments = 0x020E;

    /// <summary><c>sar_segment_seqnum</c> 0x020F (1 octet, §5.3.2).</summary>
    public const ushort SarSegmentSeqnum = 0x020F;

    /// <summary><c>sc_interface_version</c> 0x0210 (1 octet, §5.3.2).</summary>
    public const ushort ScInterfaceVersion = 0x0210;

    /// <summary><c>callback_num_pres_ind</c> 0x0302 (1 octet, §5.3.2).</summary>
    public const ushort CallbackNumPresInd = 0x0302;

    /// <summary><c>callback_num_atag</c> 0x0303 (variable length, §5.3.2).</summary>
    public const ushort CallbackNumAtag = 0x0303;

    /// <summary><c>number_of_messages</c> 0x0304 (1 octet, §5.3.2).</summary>
    public const ushort NumberOfMessages = 0x0304;

    /// <summary><c>callback_num</c> 0x0381 (variable length, §5.3.2).</summary>
    public const ushort CallbackNum = 0x0381;

    /// <summary><c>dpf_result</c> 0x0420 (1 octet, §5.3.2).</summary>
    public const ushort DpfResult = 0x0420;

    /// <summary><c>set_dpf</c> 0x0421 (1 octet, §5.3.2).</summary>
    public const ushort SetDpf = 0x0421;

    /// <summary><c>ms_availability_status</c> 0x0422 (1 octet, §5.3.2).</summary>
    public const ushort MsAvailabilityStatus = 0x0422;

    /// <summary><c>network_error_code</c> 0x0423 (3 octets, §5.3.2).</summary>
    public const ushort NetworkErrorCode = 0x0423;

    /// <summary><c>message_payload</c> 0x0424 (variable length, §5.3.2).</summary>
    public const ushort MessagePayload = 0x0424;

    /// <summary><c>delivery_failure_reason</c> 0x0425 (1 octet, §5.3.2).</summary>
    public const ushort DeliveryFailureReason = 0x0425;

    /// <summary><c>more_messages_to_send</c> 0x0426 (1 octet, §5.3.2).</summary>
    public const ushort MoreMessagesToSend = 0x0426;

    /// <summary><c>message_state</c> 0x0427 (1 octet, §5.3.2).</summary>
    public const ushort MessageState = 0x0427;

    /// <summary><c>ussd_service_op</c> 0x0501 (1 octet, §5.3.2).</summary>
    public const ushort UssdServiceOp = 0x0501;

    /// <summary><c>display_time</c> 0x1201 (1 octet, §5.3.2).</summary>
    public const ushort DisplayTime = 0x1201;

    /// <summary><c>sms_signal</c> 0x1203 (2 octets, §5.3.2).</summary>
    public const ushort SmsSignal = 0x1203;

    /// <summary><c>ms_validity</c> 0x1204 (1 octet, §5.3.2).</summary>
    public const ushort MsValidity = 0x1204;

    /// <summary><c>alert_on_message_delivery</c> 0x130C (0 octets, §5.3.2).</summary>
    public const ushort AlertOnMessageDelivery = 0x130C;

    /// <summary><c>its_reply_type</c> 0x1380 (1 octet, §5.3.2).</summary>
    public const ushort ItsReplyType = 0x1380;

    /// <summary><c>its_session_info</c> 0x1383 (2 octets, §5.3.2).</summary>
    public const ushort ItsSessionInfo = 0x1383;

    /// <summary>
    /// The value length the spec fixes for a tag (§5.3.2), or -1 when it is variable or the tag unknown; a
    /// decoded TLV of a fixed-length tag with another length is answered with <c>ESME_RINVPARLEN</c>.
    /// </summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The fixed length, or -1.</returns>
    public static int GetFixedLength(ushort tag) => tag switch
    {
        AlertOnMessageDelivery => 0,
        DestAddrSubunit or DestNetworkType or DestBearerType or SourceAddrSubunit or SourceNetworkType or
            SourceBearerType or PayloadType or MsMsgWaitFacilities or PrivacyIndicator or UserResponseCode or
            LanguageIndicator or SarTotalSegments or SarSegmentSeqnum or ScInterfaceVersion or CallbackNumPresInd or
            NumberOfMessages or DpfResult or SetDpf or MsAvailabilityStatus or DeliveryFailureReason or
            MoreMessagesToSend or MessageState or UssdServiceOp or DisplayTime or MsValidity or ItsReplyType => 1,
        UserMessageReference or SourcePort or DestinationPort or SarMsgRefNum or SmsSignal or ItsSessionInfo => 2,
        NetworkErrorCode => 3,
        QosTimeToLive => 4,
        _ => -1,
    };
}
