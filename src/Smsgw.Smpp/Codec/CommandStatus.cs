namespace Smsgw.Smpp.Codec;

/// <summary>
/// The SMPP 3.4 <c>command_status</c> values (SMPP 3.4 §5.1.3, table 5-2). Values 0x400–0x4FF are reserved for
/// SMSC vendors; a value not named here is still carried as is.
/// </summary>
public enum CommandStatus : uint
{
    /// <summary><c>ESME_ROK 0x00000000</c>: No error.</summary>
    Ok = 0x00000000,

    /// <summary><c>ESME_RINVMSGLEN 0x00000001</c>: Message length is invalid.</summary>
    InvalidMessageLength = 0x00000001,

    /// <summary><c>ESME_RINVCMDLEN 0x00000002</c>: Command length is invalid.</summary>
    InvalidCommandLength = 0x00000002,

    /// <summary><c>ESME_RINVCMDID 0x00000003</c>: Invalid command id.</summary>
    InvalidCommandId = 0x00000003,

    /// <summary><c>ESME_RINVBNDSTS 0x00000004</c>: Incorrect bind status for the given command.</summary>
    InvalidBindStatus = 0x00000004,

    /// <summary><c>ESME_RALYBND 0x00000005</c>: ESME already in bound state.</summary>
    AlreadyBound = 0x00000005,

    /// <summary><c>ESME_RINVPRTFLG 0x00000006</c>: Invalid priority flag.</summary>
    InvalidPriorityFlag = 0x00000006,

    /// <summary><c>ESME_RINVREGDLVFLG 0x00000007</c>: Invalid registered delivery flag.</summary>
    InvalidRegisteredDeliveryFlag = 0x00000007,

    /// <summary><c>ESME_RSYSERR 0x00000008</c>: System error.</summary>
    SystemError = 0x00000008,

    /// <summary><c>ESME_RINVSRCADR 0x0000000A</c>: Invalid source address.</summary>
    InvalidSourceAddress = 0x0000000A,

    /// <summary><c>ESME_RINVDSTADR 0x0000000B</c>: Invalid destination address.</summary>
    InvalidDestinationAddress = 0x0000000B,

    /// <summary><c>ESME_RINVMSGID 0x0000000C</c>: Message id is invalid.</summary>
    InvalidMessageId = 0x0000000C,

    /// <summary><c>ESME_RBINDFAIL 0x0000000D</c>: Bind failed.</summary>
    BindFailed = 0x0000000D,

    /// <summary><c>ESME_RINVPASWD 0x0000000E</c>: Invalid password.</summary>
    InvalidPassword = 0x0000000E,

    /// <summary><c>ESME_RINVSYSID 0x0000000F</c>: Invalid system id.</summary>
    InvalidSystemId = 0x0000000F,

    /// <summary><c>ESME_RCANCELFAIL 0x00000011</c>: cancel_sm failed.</summary>
    CancelFailed = 0x00000011,

    /// <summary><c>ESME_RREPLACEFAIL 0x00000013</c>: replace_sm failed.</summary>
    ReplaceFailed = 0x00000013,

    /// <summary><c>ESME_RMSGQFUL 0x00000014</c>: Message queue full.</summary>
    MessageQueueFull = 0x00000014,

    /// <summary><c>ESME_RINVSERTYP 0x00000015</c>: Invalid service type.</summary>
    InvalidServiceType = 0x00000015,

    /// <summary><c>ESME_RINVNUMDESTS 0x00000033</c>: Invalid number of destinations.</summary>
    InvalidNumberOfDestinations = 0x00000033,

    /// <summary><c>ESME_RINVDLNAME 0x00000034</c>: Invalid distribution list name.</summary>
    InvalidDistributionListName = 0x00000034,

    /// <summary><c>ESME_RINVDESTFLAG 0x00000040</c>: Destination flag is invalid (submit_multi).</summary>
    InvalidDestinationFlag = 0x00000040,

    /// <summary><c>ESME_RINVSUBREP 0x00000042</c>: Invalid 'submit with replace' request (replace_if_present_flag set).</summary>
    InvalidSubmitWithReplace = 0x00000042,

    /// <summary><c>ESME_RINVESMCLASS 0x00000043</c>: Invalid esm_class field data.</summary>
    InvalidEsmClass = 0x00000043,

    /// <summary><c>ESME_RCNTSUBDL 0x00000044</c>: Cannot submit to distribution list.</summary>
    CannotSubmitToDistributionList = 0x00000044,

    /// <summary><c>ESME_RSUBMITFAIL 0x00000045</c>: submit_sm or submit_multi failed.</summary>
    SubmitFailed = 0x00000045,

    /// <summary><c>ESME_RINVSRCTON 0x00000048</c>: Invalid source address TON.</summary>
    InvalidSourceTon = 0x00000048,

    /// <summary><c>ESME_RINVSRCNPI 0x00000049</c>: Invalid source address NPI.</summary>
    InvalidSourceNpi = 0x00000049,

    /// <summary><c>ESME_RINVDSTTON 0x00000050</c>: Invalid destination address TON.</summary>
    InvalidDestinationTon = 0x00000050,

    /// <summary><c>ESME_RINVDSTNPI 0x00000051</c>: Invalid destination address NPI.</summary>
    InvalidDestinationNpi = 0x00000051,

    /// <summary><c>ESME_RINVSYSTYP 0x00000053</c>: Invalid system_type field.</summary>
    InvalidSystemType = 0x00000053,

    /// <summary><c>ESME_RINVREPFLAG 0x00000054</c>: Invalid replace_if_present flag.</summary>
    InvalidReplaceIfPresentFlag = 0x00000054,

    /// <summary><c>ESME_RINVNUMMSGS 0x00000055</c>: Invalid number of messages.</summary>
    InvalidNumberOfMessages = 0x00000055,

    /// <summary><c>ESME_RTHROTTLED 0x00000058</c>: Throttling error: the ESME has exceeded the allowed message limits.</summary>
    Throttled = 0x00000058,

    /// <summary><c>ESME_RINVSCHED 0x00000061</c>: Invalid scheduled delivery time.</summary>
    InvalidScheduledDeliveryTime = 0x00000061,

    /// <summary><c>ESME_RINVEXPIRY 0x00000062</c>: Invalid message validity period (expiry time).</summary>
    InvalidValidityPeriod = 0x00000062,

    /// <summary><c>ESME_RINVDFTMSGID 0x00000063</c>: Predefined message invalid or not found.</summary>
    InvalidPredefinedMessage = 0x00000063,

    /// <summary><c>ESME_RX_T_APPN 0x00000064</c>: ESME receiver temporary application error code.</summary>
    ReceiverTemporaryError = 0x00000064,

    /// <summary><c>ESME_RX_P_APPN 0x00000065</c>: ESME receiver permanent application error code.</summary>
    ReceiverPermanentError = 0x00000065,

    /// <summary><c>ESME_RX_R_APPN 0x00000066</c>: ESME receiver reject message error code.</summary>
    ReceiverRejectedMessage = 0x00000066,

    /// <summary><c>ESME_RQUERYFAIL 0x00000067</c>: query_sm request failed.</summary>
    QueryFailed = 0x00000067,

    /// <summary><c>ESME_RINVOPTPARSTREAM 0x000000C0</c>: Error in the optional part of the PDU body.</summary>
    InvalidOptionalParameterStream = 0x000000C0,

    /// <summary><c>ESME_ROPTPARNOTALLWD 0x000000C1</c>: Optional parameter not allowed.</summary>
    OptionalParameterNotAllowed = 0x000000C1,

    /// <summary><c>ESME_RINVPARLEN 0x000000C2</c>: Invalid parameter length.</summary>
    InvalidParameterLength = 0x000000C2,

    /// <summary><c>ESME_RMISSINGOPTPARAM 0x000000C3</c>: Expected optional parameter missing.</summary>
    MissingOptionalParameter = 0x000000C3,

    /// <summary><c>ESME_RINVOPTPARAMVAL 0x000000C4</c>: Invalid optional parameter value.</summary>
    InvalidOptionalParameterValue = 0x000000C4,

    /// <summary><c>ESME_RDELIVERYFAILURE 0x000000FE</c>: Delivery failure (used for data_sm_resp).</summary>
    DeliveryFailure = 0x000000FE,

    /// <summary><c>ESME_RUNKNOWNERR 0x000000FF</c>: Unknown error.</summary>
    UnknownError = 0x000000FF,
}
