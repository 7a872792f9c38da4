",«&Á";/*mm */
"use strict";
import /*  	hb qoca*/ /*   q *//*ag
 gix 　  u
  upt*//*　 f r﻿jq */ * //ohu d qk u﻿as o /*ik	 r niob */from/* x     jdk*/ "ë"
do /*ry l is*/for (let [, o

=// jl //("UCÃôÂ"), /* mep	m*/, , ...{}]//  iek t eh// /* 
hxjssr  v */of/*rgl*/ (this))/*xvoqov ﻿vfoyz i
a*/ /* foa	 ck m	  u */mxfn:


//llt　d  fc tjn
/* 　  */throw ((.48));


 while//avq  ﻿ gf /*  kg m
ate */ //ra 
(((((((pv/*r*/ ++))[(async function/*c */ (lxfdshocx) // v zpfn  xtt juc　   

{//　b hac y ixu z　
 //h  m 
 "use strict"/*cz*/　/**/})])))/*g*/ //h/*l tpg	 */+

((("F«").enum//﻿nupzh    egvce  
 = (gggw)))));
import mvijcdhxtjkkorse,/*j   qnp b c  */  /*    yipgp xq  i*///vzzm y　g   ﻿h  
//    t q axm y　
* as ematqqlegnyt 
//v　　prhs 　 qy uifrom "Oó";
/*jybb  as	  */import//c ax 　n   // ua
//p z xtdz usp
* // oo
as async //  　ha s bs  
from "eôM";//   p  tv

(1421)
